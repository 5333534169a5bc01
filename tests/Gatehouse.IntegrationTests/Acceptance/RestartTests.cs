using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Restarting Gatehouse loses nothing that was acknowledged: it stops cleanly on SIGTERM, and a new process on the
/// same data directory serves the same APIs, routes, stages and deployments. Uses its own server, since it stops it.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;
    private EchoBackend _backend = null!;
    private HttpClient _http = null!;
    private DataPlaneClient _dataPlane = null!;
    private ControlPlaneClient _control = null!;

    public async Task InitializeAsync()
    {
        _backend = await EchoBackend.StartAsync();
        _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        _http = ControlPlaneSigning.CreateClient();
        _control = new ControlPlaneClient(_http, () => _server.BaseAddress);
        _dataPlane = new DataPlaneClient(() => _server.Port);
    }

    public async Task DisposeAsync()
    {
        _dataPlane.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task GivenApisBuiltWithTheCli_WhenTheServerRestarts_ThenEverythingIsKeptAndStillServed()
    {
        // Given an API built with the CLI as in the issue, and a quick-created one.
        var cli = new AwsCli(_server.BaseAddress);
        var apiId = (await cli.ApiGatewayV2Async("create-api", "--name", "durable", "--protocol-type", "HTTP",
            "--cors-configuration", "AllowOrigins=https://www.example.com", "--tags", "team=pets")).ShouldSucceed().Json.GetProperty("ApiId").GetString()!;
        var integrationId = (await cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "HTTP_PROXY",
            "--integration-method", "ANY", "--integration-uri", _backend.BaseUrl + "/${stageVariables.prefix}/{proxy}", "--payload-format-version", "1.0",
            "--request-parameters", "append:header.x-mapped=$request.path.name"))
            .ShouldSucceed().Json.GetProperty("IntegrationId").GetString()!;
        (await cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /greeting/{name}", "--target", "integrations/" + integrationId)).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "production", "--stage-variables", "prefix=v1")).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "production", "--description", "first")).ShouldSucceed();
        var quickId = (await cli.ApiGatewayV2Async("create-api", "--name", "quick", "--protocol-type", "HTTP", "--target", _backend.BaseUrl + "/quick"))
            .ShouldSucceed().Json.GetProperty("ApiId").GetString()!;
        var before = await SnapshotAsync(apiId, quickId);

        // When the server is stopped with SIGTERM and started again on the same data directory.
        await _server.RestartAsync();

        // Then it had shut down cleanly, and the control plane answers exactly as before (apart from the new port).
        Assert.True(_server.ExitCode == 0, $"gatehouse should exit 0 on SIGTERM, exited {_server.ExitCode}. Output:\n{_server.Output}");
        cli = new AwsCli(_server.BaseAddress);
        var apis = (await cli.ApiGatewayV2Async("get-apis")).ShouldSucceed().Json.GetProperty("Items").EnumerateArray()
            .Select(a => a.GetProperty("ApiId").GetString()).ToList();
        Assert.Contains(apiId, apis);
        Assert.Contains(quickId, apis);
        var after = await SnapshotAsync(apiId, quickId);
        Assert.Equal(before, after);

        // And the data plane serves the deployed routes on both address styles.
        foreach (var style in new[] { AddressStyle.Host, AddressStyle.Path })
        {
            var echo = await _dataPlane.EchoAsync(_dataPlane.Address(style, apiId, "/production/greeting/world?lang=en"), ("Origin", "https://www.example.com"));
            Assert.Equal("/v1/greeting/world", echo.Path);
            Assert.Equal("lang=en", echo.Query);
            Assert.Equal("world", echo.Header("x-mapped"));
        }

        using (var cors = await _dataPlane.SendAsync(HttpMethod.Options, _dataPlane.HostStyle(apiId, "/production/greeting/x"), null,
            ("Origin", "https://www.example.com"), ("Access-Control-Request-Method", "GET")))
        {
            Assert.Equal(HttpStatusCode.NoContent, cors.StatusCode);
        }

        Assert.Equal("/quick/anything", (await _dataPlane.EchoAsync(_dataPlane.HostStyle(quickId, "/anything"))).Path);

        // And it goes on accepting changes: a new route, deployed, is served.
        (await cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /after/restart", "--target", "integrations/" + integrationId)).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "production")).ShouldSucceed();
        Assert.Equal("/v1/after/restart", (await _dataPlane.EchoAsync(_dataPlane.HostStyle(apiId, "/production/after/restart"))).Path);
    }

    [Fact]
    public async Task GivenAnAutoDeployedChange_WhenTheServerRestartsTwice_ThenTheLatestDeploymentIsServed()
    {
        var apiId = await _control.CreateApiAsync();
        var integrationId = await _control.CreateIntegrationAsync(apiId, _backend.BaseUrl + "/one/{proxy}");
        await _control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await _control.CreateStageAsync(apiId, "$default", new { autoDeploy = true });
        (await _control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { integrationUri = _backend.BaseUrl + "/two/{proxy}" })).ShouldBe(HttpStatusCode.OK);

        await _server.RestartAsync();
        await _server.RestartAsync();

        Assert.Equal("/two/pets", (await _dataPlane.EchoAsync(_dataPlane.HostStyle(apiId, "/pets"))).Path);
    }

    [Fact]
    public async Task GivenAcknowledgedWrites_WhenTheServerIsKilledWithoutWarning_ThenTheRestartedServerHasThemAll()
    {
        var apiId = await _control.CreateApiAsync();
        var integrationId = await _control.CreateIntegrationAsync(apiId, _backend.BaseUrl + "/{proxy}");
        for (var i = 0; i < 10; i++)
        {
            await _control.CreateRouteAsync(apiId, $"GET /r{i}", integrationId);
        }

        await _control.CreateStageAsync(apiId, "prod");
        await _control.DeployAsync(apiId, "prod");
        var before = await SnapshotAsync(apiId);

        await _server.CrashAndRestartAsync();

        Assert.Equal(before, await SnapshotAsync(apiId));
        Assert.Equal("/r9", (await _dataPlane.EchoAsync(_dataPlane.HostStyle(apiId, "/prod/r9"))).Path);
    }

    /// <summary>Everything the control plane says about two APIs, with the port-bearing apiEndpoint left out.</summary>
    private async Task<string> SnapshotAsync(params string[] apiIds)
    {
        var snapshot = new JsonObject();
        foreach (var apiId in apiIds)
        {
            var api = JsonNode.Parse((await _control.GetAsync($"/v2/apis/{apiId}")).ShouldBe(HttpStatusCode.OK).Text)!.AsObject();
            api.Remove("apiEndpoint");
            snapshot[apiId] = new JsonObject
            {
                ["api"] = api,
                ["routes"] = await ListAsync($"/v2/apis/{apiId}/routes"),
                ["integrations"] = await ListAsync($"/v2/apis/{apiId}/integrations"),
                ["stages"] = await ListAsync($"/v2/apis/{apiId}/stages"),
                ["deployments"] = await ListAsync($"/v2/apis/{apiId}/deployments"),
            };
        }

        return snapshot.ToJsonString();
    }

    private async Task<JsonNode?> ListAsync(string path) =>
        JsonNode.Parse((await _control.GetAsync(path)).ShouldBe(HttpStatusCode.OK).Text)!["items"]!.DeepClone();
}
