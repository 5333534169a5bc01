using System.Net;
using Gatehouse.IntegrationTests.DataPlane;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>A deployed REST API is served again after a restart, from the stored deployment, without any call.</summary>
public sealed class RestDataPlaneRestartTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;
    private EchoBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _backend = await EchoBackend.StartAsync();
        _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task GivenADeployedRestApi_WhenTheServerRestarts_ThenItIsServedAsBefore()
    {
        var cli = new RestDataPlaneCli(new AwsCli(_server.BaseAddress));
        var (apiId, rootId) = await cli.CreateApiAsync("kept-serving");
        var proxy = await cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await cli.MethodAsync(apiId, proxy, "ANY");
        await cli.HttpProxyAsync(apiId, proxy, "ANY", _backend.BaseUrl + "/kept/{proxy}",
            "--request-parameters", """{"integration.request.path.proxy":"method.request.path.proxy"}""");
        await cli.DeployAsync(apiId, "live");
        await cli.RunAsync("update-stage", "--rest-api-id", apiId, "--stage-name", "live", "--patch-operations",
            "op=replace,path=/*/*/metrics/enabled,value=true");
        using var data = new DataPlaneClient(() => _server.Port);
        using (var before = await data.Http.GetAsync(data.HostStyle(apiId, "/live/a/b")))
        {
            Assert.Equal("/kept/a/b", (await EchoedRequest.ReadAsync(before)).Path);
        }

        await _server.RestartAsync();

        using var after = await data.Http.GetAsync(data.HostStyle(apiId, "/live/a/b"));
        Assert.Equal("/kept/a/b", (await EchoedRequest.ReadAsync(after)).Path);
        using var missing = await data.Http.GetAsync(data.HostStyle(apiId, "/live"));
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);

        // Every request counted in REST's metrics, by API name (a clean stop writes the minute in progress).
        await _server.RestartAsync();
        string[] stage = ["Name=ApiName,Value=kept-serving", "Name=Stage,Value=live"];
        Assert.Equal(3, await SumAsync("Count", "SampleCount", stage));
        Assert.Equal(1, await SumAsync("4XXError", "Sum", stage));
        Assert.Equal(0, await SumAsync("5XXError", "Sum", stage));
        Assert.Equal(2, await SumAsync("IntegrationLatency", "SampleCount", stage));
        Assert.Equal(3, await SumAsync("Latency", "SampleCount", "Name=ApiName,Value=kept-serving"));
        Assert.Equal(2, await SumAsync("Count", "Sum",
            """[{"Name":"ApiName","Value":"kept-serving"},{"Name":"Method","Value":"ANY"},{"Name":"Resource","Value":"/{proxy+}"},{"Name":"Stage","Value":"live"}]"""));
    }

    private async Task<double> SumAsync(string metric, string statistic, params string[] dimensions)
    {
        var now = DateTimeOffset.UtcNow;
        string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var result = (await new AwsCli(_server.BaseAddress).RunAsync(["cloudwatch", "get-metric-statistics", "--namespace", "AWS/ApiGateway",
            "--metric-name", metric, "--dimensions", .. dimensions, "--statistics", statistic, "--period", "60",
            "--start-time", Iso(now.AddMinutes(-15)), "--end-time", Iso(now.AddMinutes(1))])).ShouldSucceed();
        return result.Json.GetProperty("Datapoints").EnumerateArray().Sum(d => d.GetProperty(statistic).GetDouble());
    }
}
