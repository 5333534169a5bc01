using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.ControlPlane.ApiOperationsTests;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment, DeleteDeployment.</summary>
[Collection(Collections.ControlPlane)]
public sealed class DeploymentOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateDeployment_WithStageName_Returns201AndPointsTheStageAtIt()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");

        var deployment = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { stageName = "prod", description = "first" }))
            .ShouldBe(HttpStatusCode.Created).Json;

        var deploymentId = deployment.GetProperty("deploymentId").GetString();
        Assert.Matches("^[a-z0-9]+$", deploymentId);
        Assert.Equal("DEPLOYED", deployment.GetProperty("deploymentStatus").GetString());
        Assert.Equal("first", deployment.GetProperty("description").GetString());
        Assert.False(deployment.GetProperty("autoDeployed").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(deployment.GetProperty("createdDate").GetString(), out _));
        Assert.Equal(deploymentId, (await Control.GetAsync($"/v2/apis/{apiId}/stages/prod")).Member("deploymentId"));
    }

    [Fact]
    public async Task CreateDeployment_WithoutStageName_CreatesADeploymentNoStageUses()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");

        var deploymentId = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { description = "unreleased" }))
            .ShouldBe(HttpStatusCode.Created).Member("deploymentId");

        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}/stages/prod")).Json.TryGetProperty("deploymentId", out _));
        Assert.Equal("unreleased", (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")).Member("description"));
    }

    [Fact]
    public async Task CreateDeployment_UnknownStage_IsRejectedNamingTheStage()
    {
        var apiId = await Control.CreateApiAsync();

        var response = await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { stageName = "nosuch" });

        Assert.True((int)response.Status is 400 or 404, $"expected 400 or 404, got {(int)response.Status}: {response.Text}");
        Assert.Contains("nosuch", response.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(Items(await Control.GetAsync($"/v2/apis/{apiId}/deployments")));
    }

    [Fact]
    public async Task CreateDeployment_UnknownApi_Returns404()
    {
        (await Control.PostAsync("/v2/apis/nosuchapi0/deployments", new { })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task GetDeployments_ListsEveryDeploymentWithPaging()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");
        var ids = new[] { await Control.DeployAsync(apiId, "prod"), await Control.DeployAsync(apiId, "prod"), await Control.DeployAsync(apiId, "prod") };

        var all = Items(await Control.GetAsync($"/v2/apis/{apiId}/deployments")).Select(d => d.GetProperty("deploymentId").GetString());
        var page = (await Control.GetAsync($"/v2/apis/{apiId}/deployments?maxResults=2")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(ids.Order(), all.Order());
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task GetDeployment_UnknownDeployment_Returns404NamingIt()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/deployments/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Contains("nosuch1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateDeployment_Description_IsChanged()
    {
        var apiId = await Control.CreateApiAsync();
        var deploymentId = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { description = "old" })).Member("deploymentId");

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/deployments/{deploymentId}", new { description = "new" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("new", updated.GetProperty("description").GetString());
        Assert.Equal(deploymentId, updated.GetProperty("deploymentId").GetString());
        Assert.Equal("new", (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")).Member("description"));
    }

    [Fact]
    public async Task DeleteDeployment_UsedByAStage_Returns400AndKeepsIt()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");
        var deploymentId = await Control.DeployAsync(apiId, "prod");

        var message = (await Control.DeleteAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal("Active stages pointing to this deployment must be moved or deleted", message);
        (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeleteDeployment_NoLongerUsed_Returns204AndItIsGone()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");
        var old = await Control.DeployAsync(apiId, "prod");
        var current = await Control.DeployAsync(apiId, "prod");

        (await Control.DeleteAsync($"/v2/apis/{apiId}/deployments/{old}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{old}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        Assert.Equal(current, Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/deployments"))).GetProperty("deploymentId").GetString());
    }

    [Fact]
    public async Task DeleteDeployment_UnknownDeployment_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.DeleteAsync($"/v2/apis/{apiId}/deployments/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }
}
