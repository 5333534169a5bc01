using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>The answers the gateway gives itself, with AWS's status and body for HTTP APIs.</summary>
[Collection(Collections.DataPlane)]
public sealed class GatewayErrorTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    [Fact]
    public async Task RouteWithoutIntegration_Returns500InternalServerError()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl, "prod");
        await Control.CreateRouteAsync(apiId, "GET /orphan", integrationId: null);
        await Control.DeployAsync(apiId, "prod");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/orphan"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""");
    }

    [Fact]
    public async Task UnreachableBackend_Returns503ServiceUnavailable()
    {
        var apiId = await Control.CreateDeployedApiAsync($"http://127.0.0.1:{ClosedPort()}/{{proxy}}", "prod", "GET /down");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/down"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.ServiceUnavailable, """{"message":"Service Unavailable"}""");
    }

    [Fact]
    public async Task BackendSlowerThanTimeoutInMillis_Returns504GatewayTimeoutWhenTheTimeoutExpires()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}", new { timeoutInMillis = 200 });
        await Control.CreateRouteAsync(apiId, "GET /slow/{ms}", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        var clock = Stopwatch.StartNew();
        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/slow/2000"));
        clock.Stop();

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.GatewayTimeout, """{"message":"Gateway Timeout"}""");
        Assert.InRange(clock.ElapsedMilliseconds, 150, 1500);
    }

    [Fact]
    public async Task BackendWithinTimeoutInMillis_IsAnsweredNormally()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}", new { timeoutInMillis = 2000 });
        await Control.CreateRouteAsync(apiId, "GET /slow/{ms}", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/slow/100"));

        Assert.Equal("/slow/100", echo.Path);
    }

    [Fact]
    public async Task RouteDetachedFromItsIntegrationAndRedeployed_Returns500InternalServerError()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod", new { autoDeploy = true });

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { target = "" })).ShouldBe(System.Net.HttpStatusCode.OK);
        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).Json.TryGetProperty("target", out _));
        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""");
    }

    [Fact]
    public async Task StageVariableMissing_LeavesNoValidUri_Returns500InternalServerError()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, "${stageVariables.backendUrl}/pets");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""");
        fixture.AssertServerAlive();
    }

    [Fact]
    public async Task RequiredRouteParameterMissing_Returns400NamingIt_AndTheBackendIsNotCalled()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId, new
        {
            requestParameters = new Dictionary<string, object>
            {
                ["route.request.header.x-tenant"] = new { required = true },
                ["route.request.querystring.page"] = new { required = true },
                ["route.request.querystring.optional"] = new { required = false },
            },
        });
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var missing = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        var present = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets?page=2"), ("x-tenant", "t1"));

        await missing.ShouldBeAsync(HttpStatusCode.BadRequest);
        Assert.False(missing.Headers.Contains("x-backend"));
        var body = System.Text.Json.JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        Assert.Contains("x-tenant", body, StringComparison.Ordinal);
        Assert.Contains("page", body, StringComparison.Ordinal);
        Assert.DoesNotContain("optional", body, StringComparison.Ordinal);
        Assert.Equal("/pets", present.Path);
    }

    [Fact]
    public async Task NoMatchingRoute_Returns404NotFoundWithApigwRequestId()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl, "prod", "GET /pets");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/cats"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task DisableExecuteApiEndpoint_AfterRedeployment_Returns403Forbidden()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "GET /pets");
        (await Control.PatchAsync($"/v2/apis/{apiId}", new { disableExecuteApiEndpoint = true })).ShouldBe(HttpStatusCode.OK);

        // As on AWS, the setting takes effect only with a new deployment.
        var beforeRedeploy = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        await Control.DeployAsync(apiId, "prod");
        using var afterRedeploy = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        using var pathStyle = await DataPlane.GetAsync(DataPlane.PathStyle(apiId, "/prod/pets"));

        Assert.Equal("/pets", beforeRedeploy.Path);
        await afterRedeploy.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");
        await pathStyle.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");
    }

    [Fact]
    public async Task Server_AfterAllTheseErrors_IsStillRunning()
    {
        var apiId = await Control.CreateDeployedApiAsync($"http://127.0.0.1:{ClosedPort()}", "prod", "$default");
        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/x"));

        fixture.AssertServerAlive();
    }

    /// <summary>A loopback port with nothing listening: bound, read, released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
