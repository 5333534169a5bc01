using System.Diagnostics;
using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Hosting;

/// <summary>The <c>gatehouse serve</c> process: start on an ephemeral port, clean stop on SIGTERM, its options.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task Serve_OnPortZero_ReportsThePortItListensOn_AndStopsCleanlyOnSigterm()
    {
        await using var server = await GatehouseProcess.StartAsync();
        using var http = ControlPlaneSigning.CreateClient();
        using var response = await http.GetAsync(new Uri(server.BaseAddress, "/v2/apis"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var clock = Stopwatch.StartNew();
        await server.StopAsync();

        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode} after SIGTERM. Output:\n{server.Output}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed} to stop");
        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_WithARequestInFlight_LetsTheRequestFinishBeforeExiting()
    {
        await using var backend = await EchoBackend.StartAsync();
        await using var server = await GatehouseProcess.StartAsync();
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => server.BaseAddress);
        var apiId = (await control.PostAsync("/v2/apis", new { name = "drain", protocolType = "HTTP", target = backend.BaseUrl }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");
        using var dataPlane = new DataPlaneClient(() => server.Port);

        var inFlight = dataPlane.GetAsync(dataPlane.HostStyle(apiId, "/slow/1000"));
        await backend.WaitForRequestAsync("/slow/1000");
        await server.StopAsync();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/slow/1000", (await EchoedRequest.ReadAsync(response)).Path);
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task ControlPlane_OverItsRateLimit_Answers429TooManyRequestsExceptionWithRetryAfter_AndTheDataPlaneIsNotLimited()
    {
        await using var backend = await EchoBackend.StartAsync();
        await using var server = await GatehouseProcess.StartAsync("--control-plane-rate-limit", "1", "--control-plane-burst-limit", "5");
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => server.BaseAddress);
        var target = backend.BaseUrl;
        var apiId = (await control.PostAsync("/v2/apis", new { name = "limited", protocolType = "HTTP", target })).ShouldBe(HttpStatusCode.Created).Member("apiId");

        var responses = new List<ControlPlaneResponse>();
        for (var i = 0; i < 10; i++)
        {
            responses.Add(await control.GetAsync("/v2/apis"));
        }

        var throttled = responses.FirstOrDefault(r => r.Status == HttpStatusCode.TooManyRequests);
        Assert.True(throttled is not null, "10 calls at once against a burst of 5 must be throttled: " + string.Join(", ", responses.Select(r => (int)r.Status)));
        throttled.ShouldBeError(HttpStatusCode.TooManyRequests, "TooManyRequestsException");
        Assert.True(int.Parse(throttled.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) >= 1);

        using var dataPlane = new DataPlaneClient(() => server.Port);
        var served = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => dataPlane.GetAsync(dataPlane.HostStyle(apiId, "/x"))));
        Assert.All(served, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in served)
        {
            r.Dispose();
        }
    }

    [Theory]
    [InlineData("redis://:s3cret-pw@127.0.0.1:notaport", "port")]
    [InlineData("memcached://:s3cret-pw@127.0.0.1:11211", "scheme")]
    public async Task Serve_InvalidStateStore_RefusesToStartSayingWhyWithoutThePassword(string address, string named)
    {
        var result = await GatehouseProcess.RunUntilExitAsync(["--urls", "http://127.0.0.1:0", "--state-store", address]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--state-store", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AccountRateWithABurstBelowOne_RefusesToStart()
    {
        var result = await GatehouseProcess.RunUntilExitAsync(["--urls", "http://127.0.0.1:0", "--account-rate-limit", "100", "--account-burst-limit", "0"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--account-burst-limit must be at least 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateStoreFromTheEnvironment_KeepsTheBucketsInRedis()
    {
        await using var redis = await RedisServer.StartAsync(password: "env-secret");
        await using var backend = await EchoBackend.StartAsync();
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["GATEHOUSE_STATE_STORE"] = redis.Address });
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => server.BaseAddress);
        var apiId = await control.CreateDeployedApiAsync(backend.BaseUrl, "prod", "GET /a");
        using var dataPlane = new DataPlaneClient(() => server.Port);

        using var response = await dataPlane.GetAsync(dataPlane.PathStyle(apiId, "/prod/a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(":1", await redis.CommandAsync("EXISTS", "gatehouse:bucket:throttle:account:000000000000:us-east-1"));
        Assert.DoesNotContain("env-secret", server.Output, StringComparison.Ordinal);
    }
}
