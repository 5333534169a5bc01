using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// What is served is what was deployed: changes go live with a deployment (or at once on an autoDeploy stage), a
/// stage can be pointed back at an older deployment, deleting a stage or an API stops it being served.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class DeploymentLifecycleTests(GatehouseFixture fixture)
{
    private const string NotFound = """{"message":"Not Found"}""";

    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    private string Backend => fixture.Backend.BaseUrl;

    [Fact]
    public async Task RouteCreatedAfterTheDeployment_Is404UntilRedeployed()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /pets");
        var integrationId = (await Control.GetAsync($"/v2/apis/{apiId}/integrations")).Json.GetProperty("items")[0].GetProperty("integrationId").GetString();
        await Control.CreateRouteAsync(apiId, "GET /cats", integrationId);

        using var before = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/cats"));
        await before.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, NotFound);

        await Control.DeployAsync(apiId, "prod");
        Assert.Equal("/cats", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/cats"))).Path);
    }

    [Fact]
    public async Task UpdateRouteAndRedeploy_ServesTheNewRouteKeyAndNotTheOld()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /old", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /new" })).ShouldBe(HttpStatusCode.OK);
        var stillOld = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/old"));
        await Control.DeployAsync(apiId, "prod");

        Assert.Equal("/old", stillOld.Path);
        Assert.Equal("/new", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/new"))).Path);
        using var old = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/old"));
        await old.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task UpdateRouteTargetAndRedeploy_SendsToTheNewIntegration()
    {
        var apiId = await Control.CreateApiAsync();
        var first = await Control.CreateIntegrationAsync(apiId, Backend + "/first");
        var second = await Control.CreateIntegrationAsync(apiId, Backend + "/second");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", first);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { target = "integrations/" + second })).ShouldBe(HttpStatusCode.OK);
        await Control.DeployAsync(apiId, "prod");

        Assert.Equal("/second", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"))).Path);
    }

    [Fact]
    public async Task DeleteRoute_IsServedUntilRedeployed_ThenIs404()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.NoContent);
        var stillServed = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        await Control.DeployAsync(apiId, "prod");
        using var gone = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        Assert.Equal("/pets", stillServed.Path);
        await gone.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task AutoDeployStage_PicksUpRouteAndIntegrationChangesAtOnce()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/v1/{proxy}");
        await Control.CreateStageAsync(apiId, "live", new { autoDeploy = true });

        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        var afterCreate = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/live/pets"));
        (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { integrationUri = Backend + "/v2/{proxy}" })).ShouldBe(HttpStatusCode.OK);
        var afterUpdate = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/live/pets"));

        Assert.Equal("/v1/pets", afterCreate.Path);
        Assert.Equal("/v2/pets", afterUpdate.Path);
        var deployments = (await Control.GetAsync($"/v2/apis/{apiId}/deployments")).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.True(deployments.Count >= 3, "the stage's creation and each change made an automatic deployment");
        Assert.All(deployments, d => Assert.True(d.GetProperty("autoDeployed").GetBoolean()));
    }

    [Fact]
    public async Task AutoDeployEnabledByUpdateStage_DeploysAtOnce()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");

        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/prod", new { autoDeploy = true })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("/pets", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"))).Path);
    }

    [Fact]
    public async Task UpdateStageDeploymentId_RollsTheStageBackToAnOlderDeployment()
    {
        var apiId = await Control.CreateApiAsync();
        var v1 = await Control.CreateIntegrationAsync(apiId, Backend + "/v1");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", v1);
        await Control.CreateStageAsync(apiId, "prod");
        var first = await Control.DeployAsync(apiId, "prod");
        var v2 = await Control.CreateIntegrationAsync(apiId, Backend + "/v2");
        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { target = "integrations/" + v2 })).ShouldBe(HttpStatusCode.OK);
        await Control.DeployAsync(apiId, "prod");
        var current = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/prod", new { deploymentId = first })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("/v2", current.Path);
        Assert.Equal("/v1", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"))).Path);
    }

    [Fact]
    public async Task CreateStage_WithAnExistingDeploymentId_ServesThatDeploymentAtOnce()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        var deploymentId = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { })).ShouldBe(HttpStatusCode.Created).Member("deploymentId");

        await Control.CreateStageAsync(apiId, "prod", new { deploymentId });

        Assert.Equal("/pets", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"))).Path);
    }

    [Fact]
    public async Task TwoStages_OnDifferentDeployments_ServeDifferentRoutes()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /v1", integrationId);
        await Control.CreateStageAsync(apiId, "stable");
        await Control.CreateStageAsync(apiId, "beta");
        await Control.DeployAsync(apiId, "stable");
        await Control.CreateRouteAsync(apiId, "GET /v2", integrationId);
        await Control.DeployAsync(apiId, "beta");

        using var stableV2 = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/stable/v2"));
        var betaV2 = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/beta/v2"));
        var stableV1 = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/stable/v1"));

        await stableV2.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, NotFound);
        Assert.Equal("/v2", betaV2.Path);
        Assert.Equal("/v1", stableV1.Path);
    }

    [Fact]
    public async Task DeleteStage_StopsServingItAtOnce()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /pets");

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/prod")).ShouldBe(HttpStatusCode.NoContent);
        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, NotFound);
    }

    [Fact]
    public async Task RequestInFlight_WhenARedeploymentHappens_FinishesOnTheOldDeployment()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/old/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /slow/{ms}", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        var inFlight = DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/slow/700"));
        await fixture.Backend.WaitForRequestAsync("/old/slow/700");
        (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { integrationUri = Backend + "/new/{proxy}" })).ShouldBe(HttpStatusCode.OK);
        await Control.DeployAsync(apiId, "prod");

        Assert.Equal("/old/slow/700", (await inFlight).Path);
        Assert.Equal("/new/slow/1", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/slow/1"))).Path);
    }
}
