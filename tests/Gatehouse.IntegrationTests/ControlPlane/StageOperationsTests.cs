using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.ControlPlane.ApiOperationsTests;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateStage, GetStage, GetStages, UpdateStage, DeleteStage, DeleteRouteSettings, DeleteAccessLogSettings.</summary>
[Collection(Collections.ControlPlane)]
public sealed class StageOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateStage_WithSettings_Returns201WithTheStage()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);

        var stage = (await Control.PostAsync($"/v2/apis/{apiId}/stages", new
        {
            stageName = "beta",
            description = "the beta stage",
            stageVariables = new { backendHost = "pets.internal", version = "v2" },
            defaultRouteSettings = new { throttlingBurstLimit = 100, throttlingRateLimit = 50.5, detailedMetricsEnabled = true },
            routeSettings = new Dictionary<string, object> { ["GET /pets"] = new { throttlingBurstLimit = 10 } },
            accessLogSettings = new { destinationArn = "arn:aws:logs:us-east-1:000000000000:log-group:access", format = "$context.requestId $context.status" },
            tags = new { env = "beta" },
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal("beta", stage.GetProperty("stageName").GetString());
        Assert.Equal("the beta stage", stage.GetProperty("description").GetString());
        Assert.False(stage.GetProperty("autoDeploy").GetBoolean());
        Assert.False(stage.TryGetProperty("deploymentId", out _), "a new stage has no deployment until one is made");
        Assert.Equal("pets.internal", stage.GetProperty("stageVariables").GetProperty("backendHost").GetString());
        Assert.Equal("v2", stage.GetProperty("stageVariables").GetProperty("version").GetString());
        Assert.Equal(100, stage.GetProperty("defaultRouteSettings").GetProperty("throttlingBurstLimit").GetInt32());
        Assert.Equal(50.5, stage.GetProperty("defaultRouteSettings").GetProperty("throttlingRateLimit").GetDouble());
        Assert.True(stage.GetProperty("defaultRouteSettings").GetProperty("detailedMetricsEnabled").GetBoolean());
        Assert.Equal(10, stage.GetProperty("routeSettings").GetProperty("GET /pets").GetProperty("throttlingBurstLimit").GetInt32());
        Assert.Equal("$context.requestId $context.status", stage.GetProperty("accessLogSettings").GetProperty("format").GetString());
        Assert.Equal("beta", stage.GetProperty("tags").GetProperty("env").GetString());
        Assert.True(DateTimeOffset.TryParse(stage.GetProperty("createdDate").GetString(), out _));
        Assert.True(DateTimeOffset.TryParse(stage.GetProperty("lastUpdatedDate").GetString(), out _));
    }

    [Fact]
    public async Task CreateStage_WithAutoDeploy_IsDeployedAtOnce()
    {
        var apiId = await Control.CreateApiAsync();

        var stage = await Control.CreateStageAsync(apiId, "$default", new { autoDeploy = true });

        Assert.True(stage.GetProperty("autoDeploy").GetBoolean());
        var deploymentId = stage.GetProperty("deploymentId").GetString();
        Assert.False(string.IsNullOrEmpty(deploymentId));
        Assert.Contains(deploymentId!, stage.GetProperty("lastDeploymentStatusMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStage_DuplicateName_Returns409()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/stages", new { stageName = "prod" })).ShouldBeError(HttpStatusCode.Conflict, "ConflictException");

        Assert.Contains("prod", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("a/b")]
    [InlineData("stage.1")]
    [InlineData("")]
    [InlineData("default")]
    public async Task CreateStage_InvalidName_Returns400NamingTheStageName(string stageName)
    {
        if (stageName == "default")
        {
            stageName = new string('s', 129);
        }

        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/stages", new { stageName })).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("stage", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"stageName":"s","stageVariables":{"bad-name":"x"}}""", "bad-name")]
    [InlineData("""{"stageName":"s","stageVariables":{"v":"spaces are not allowed"}}""", "v")]
    [InlineData("""{"stageName":"s","routeSettings":{"GET /nosuch":{"throttlingBurstLimit":1}}}""", "GET /nosuch")]
    [InlineData("""{"stageName":"s","defaultRouteSettings":{"throttlingBurstLimit":-1}}""", "throttlingBurstLimit")]
    [InlineData("""{"stageName":"s","accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:000000000000:log-group:g","format":"$context.requestId $context.resourcePath"}}""",
        "The following context variables are not supported: [$context.resourcePath]")]
    [InlineData("""{"stageName":"s","accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:000000000000:log-group:g","format":"$context.status"}}""",
        "$context.requestId")]
    [InlineData("""{"stageName":"s","accessLogSettings":{"destinationArn":"arn:aws:s3:::bucket","format":"$context.requestId"}}""",
        "DestinationArn")]
    public async Task CreateStage_InvalidSettings_Returns400NamingTheSetting(string body, string field)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/stages", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStage_DefaultStageByItsEncodedName_ReturnsIt()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "$default");

        var stage = (await Control.GetAsync($"/v2/apis/{apiId}/stages/%24default")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("$default", stage.GetProperty("stageName").GetString());
    }

    [Fact]
    public async Task GetStage_UnknownStage_Returns404NamingIt()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/stages/nosuch")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Contains("nosuch", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStages_ListsEveryStage()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev");
        await Control.CreateStageAsync(apiId, "prod");

        var names = Items(await Control.GetAsync($"/v2/apis/{apiId}/stages")).Select(s => s.GetProperty("stageName").GetString()).Order();

        Assert.Equal(["dev", "prod"], names);
    }

    [Fact]
    public async Task UpdateStage_StageVariables_MergesSetsAndRemovesByEmptyValue()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev", new { stageVariables = new { keep = "1", change = "old", drop = "x" } });

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/stages/dev", new { stageVariables = new { change = "new", add = "2", drop = "" } }))
            .ShouldBe(HttpStatusCode.OK).Json;

        var variables = updated.GetProperty("stageVariables");
        Assert.Equal("1", variables.GetProperty("keep").GetString());
        Assert.Equal("new", variables.GetProperty("change").GetString());
        Assert.Equal("2", variables.GetProperty("add").GetString());
        Assert.False(variables.TryGetProperty("drop", out _));
    }

    [Fact]
    public async Task UpdateStage_RouteSettingsAndDescription_MergesWithWhatIsThere()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        await Control.CreateRouteAsync(apiId, "POST /pets", integrationId: null);
        await Control.CreateStageAsync(apiId, "dev", new
        {
            description = "kept",
            defaultRouteSettings = new { throttlingBurstLimit = 100 },
            routeSettings = new Dictionary<string, object> { ["GET /pets"] = new { throttlingBurstLimit = 10 } },
        });

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/stages/dev", new
        {
            defaultRouteSettings = new { throttlingRateLimit = 20.0 },
            routeSettings = new Dictionary<string, object>
            {
                ["GET /pets"] = new { throttlingRateLimit = 5.0 },
                ["POST /pets"] = new { throttlingBurstLimit = 1 },
            },
        })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("kept", updated.GetProperty("description").GetString());
        Assert.Equal(100, updated.GetProperty("defaultRouteSettings").GetProperty("throttlingBurstLimit").GetInt32());
        Assert.Equal(20.0, updated.GetProperty("defaultRouteSettings").GetProperty("throttlingRateLimit").GetDouble());
        var getPets = updated.GetProperty("routeSettings").GetProperty("GET /pets");
        Assert.Equal(10, getPets.GetProperty("throttlingBurstLimit").GetInt32());
        Assert.Equal(5.0, getPets.GetProperty("throttlingRateLimit").GetDouble());
        Assert.Equal(1, updated.GetProperty("routeSettings").GetProperty("POST /pets").GetProperty("throttlingBurstLimit").GetInt32());
        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}/stages/dev")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task UpdateStage_UnknownDeploymentId_Returns404()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev");

        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/dev", new { deploymentId = "nosuch1" })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task UpdateStage_UnknownStage_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/nosuch", new { description = "x" })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteRouteSettings_ExistingKey_Returns204AndRemovesOnlyThatKey()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        await Control.CreateRouteAsync(apiId, "POST /pets", integrationId: null);
        await Control.CreateStageAsync(apiId, "dev", new
        {
            routeSettings = new Dictionary<string, object>
            {
                ["GET /pets"] = new { throttlingBurstLimit = 10 },
                ["POST /pets"] = new { throttlingBurstLimit = 1 },
            },
        });

        // botocore percent-encodes the route key in the URI: "GET /pets" → GET%20%2Fpets.
        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/dev/routesettings/GET%20%2Fpets")).ShouldBe(HttpStatusCode.NoContent);

        var settings = (await Control.GetAsync($"/v2/apis/{apiId}/stages/dev")).Json.GetProperty("routeSettings");
        Assert.False(settings.TryGetProperty("GET /pets", out _));
        Assert.True(settings.TryGetProperty("POST /pets", out _));
    }

    [Fact]
    public async Task DeleteRouteSettings_DefaultRouteKey_Returns204AndRemovesIt()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "$default", integrationId: null);
        await Control.CreateStageAsync(apiId, "dev", new
        {
            routeSettings = new Dictionary<string, object> { ["$default"] = new { throttlingBurstLimit = 10 } },
        });

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/dev/routesettings/%24default")).ShouldBe(HttpStatusCode.NoContent);

        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}/stages/dev")).Json.GetProperty("routeSettings").TryGetProperty("$default", out _));
    }

    [Fact]
    public async Task DeleteRouteSettings_KeyWithoutSettings_Returns404()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev");

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/dev/routesettings/%24default")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteAccessLogSettings_StageWithLogging_Returns204AndRemovesThem()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev", new
        {
            accessLogSettings = new { destinationArn = "arn:aws:logs:us-east-1:000000000000:log-group:access", format = "$context.requestId" },
        });

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/dev/accesslogsettings")).ShouldBe(HttpStatusCode.NoContent);

        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}/stages/dev")).Json.TryGetProperty("accessLogSettings", out _));
    }

    [Fact]
    public async Task DeleteStage_Existing_Returns204AndTheStageIsGone()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "dev");
        await Control.CreateStageAsync(apiId, "prod");

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/dev")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.GetAsync($"/v2/apis/{apiId}/stages/dev")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        Assert.Equal("prod", Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/stages"))).GetProperty("stageName").GetString());
    }

    [Fact]
    public async Task DeleteStage_UnknownStage_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/nosuch")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }
}
