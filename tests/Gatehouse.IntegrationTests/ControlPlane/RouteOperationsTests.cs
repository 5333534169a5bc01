using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.ControlPlane.ApiOperationsTests;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateRoute, GetRoute, GetRoutes, UpdateRoute, DeleteRoute, DeleteRouteRequestParameter.</summary>
[Collection(Collections.ControlPlane)]
public sealed class RouteOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateRoute_WithTarget_Returns201WithTheRoute()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);

        var route = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new
        {
            routeKey = "GET /pets/{petId}",
            target = "integrations/" + integrationId,
            operationName = "GetPet",
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Matches("^[a-z0-9]+$", route.GetProperty("routeId").GetString());
        Assert.Equal("GET /pets/{petId}", route.GetProperty("routeKey").GetString());
        Assert.Equal("integrations/" + integrationId, route.GetProperty("target").GetString());
        Assert.Equal("GetPet", route.GetProperty("operationName").GetString());
        Assert.Equal("NONE", route.GetProperty("authorizationType").GetString());
        Assert.False(route.GetProperty("apiKeyRequired").GetBoolean());
    }

    [Theory]
    [InlineData("$default")]
    [InlineData("ANY /{proxy+}")]
    [InlineData("GET /")]
    [InlineData("POST /pets/{petId}/toys/{toyId}")]
    [InlineData("DELETE /files/{path+}")]
    [InlineData("HEAD /health")]
    [InlineData("OPTIONS /pets")]
    public async Task CreateRoute_ValidRouteKey_IsAccepted(string routeKey)
    {
        var apiId = await Control.CreateApiAsync();

        var route = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal(routeKey, route.GetProperty("routeKey").GetString());
        Assert.False(route.TryGetProperty("target", out _), "a route created without a target has none");
    }

    [Theory]
    [InlineData("GET pets")]
    [InlineData("GET  /pets")]
    [InlineData("FETCH /pets")]
    [InlineData("get /pets")]
    [InlineData("GET /pets/{proxy+}/toys")]
    [InlineData("GET /pets//toys")]
    [InlineData("GET /pets/{petId")]
    [InlineData("GET /pets/x{petId}")]
    [InlineData("GET /pets/{id}/{id}")]
    [InlineData("")]
    public async Task CreateRoute_InvalidRouteKey_Returns400NamingTheRouteKey(string routeKey)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("route", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateRoute_WithoutRouteKey_Returns400()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { operationName = "x" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("RouteKey", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRoute_DuplicateRouteKey_Returns409Conflict()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /pets" }))
            .ShouldBeError(HttpStatusCode.Conflict, "ConflictException");

        Assert.Contains("GET /pets", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRoute_SamePathOtherMethod_IsNotADuplicate()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);

        (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "POST /pets" })).ShouldBe(HttpStatusCode.Created);
        (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "ANY /pets" })).ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("integrations/nosuch1")]
    [InlineData("lambda/abc")]
    [InlineData("integrations/")]
    public async Task CreateRoute_TargetThatIsNotAnIntegrationOfTheApi_Returns400NamingTarget(string target)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /pets", target }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("Target", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRoute_TargetIsAnIntegrationOfAnotherApi_Returns400()
    {
        var other = await Control.CreateApiAsync();
        var foreignIntegration = await Control.CreateIntegrationAsync(other, fixture.Backend.BaseUrl);
        var apiId = await Control.CreateApiAsync();

        (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /pets", target = "integrations/" + foreignIntegration }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task CreateRoute_UnknownApi_Returns404()
    {
        var message = (await Control.PostAsync("/v2/apis/nosuchapi0/routes", new { routeKey = "GET /pets" }))
            .ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi0", message);
    }

    [Fact]
    public async Task GetRoute_Existing_ReturnsWhatCreateRouteReturned()
    {
        var apiId = await Control.CreateApiAsync();
        var created = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /pets" })).ShouldBe(HttpStatusCode.Created).Json;

        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}/routes/{created.GetProperty("routeId").GetString()}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(created.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task GetRoute_UnknownRoute_Returns404NamingTheRoute()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/routes/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Contains("nosuch1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRoutes_WithMaxResults_PagesThroughEveryRoute()
    {
        var apiId = await Control.CreateApiAsync();
        var keys = new[] { "GET /a", "GET /b", "GET /c", "GET /d", "GET /e" };
        foreach (var key in keys)
        {
            await Control.CreateRouteAsync(apiId, key, integrationId: null);
        }

        var first = (await Control.GetAsync($"/v2/apis/{apiId}/routes?maxResults=3")).ShouldBe(HttpStatusCode.OK).Json;
        var token = first.GetProperty("nextToken").GetString()!;
        var second = (await Control.GetAsync($"/v2/apis/{apiId}/routes?maxResults=3&nextToken={Uri.EscapeDataString(token)}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.False(second.TryGetProperty("nextToken", out _), "the last page has no nextToken");
        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(r => r.GetProperty("routeKey").GetString()).Order().ToList();
        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task UpdateRoute_NewRouteKeyAndTarget_ReturnsAndStoresTheUpdate()
    {
        var apiId = await Control.CreateApiAsync();
        var first = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/one");
        var second = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/two");
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", first, new { operationName = "ListPets" });

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /animals", target = "integrations/" + second }))
            .ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(routeId, updated.GetProperty("routeId").GetString());
        Assert.Equal("GET /animals", updated.GetProperty("routeKey").GetString());
        Assert.Equal("integrations/" + second, updated.GetProperty("target").GetString());
        Assert.Equal("ListPets", updated.GetProperty("operationName").GetString());
        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task UpdateRoute_ToTheKeyOfAnotherRoute_Returns409()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        var routeId = await Control.CreateRouteAsync(apiId, "GET /cats", integrationId: null);

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /pets" }))
            .ShouldBeError(HttpStatusCode.Conflict, "ConflictException");
    }

    [Fact]
    public async Task UpdateRoute_InvalidRouteKey_Returns400AndKeepsTheRoute()
    {
        var apiId = await Control.CreateApiAsync();
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET pets" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal("GET /pets", (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).Member("routeKey"));
    }

    [Fact]
    public async Task UpdateRoute_RouteKeyOfAQuickCreatedDefaultRoute_Returns400()
    {
        // botocore's model: "If you created an API using quick create, the $default route is managed by API Gateway.
        // You can't modify the $default route key."
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "quick", protocolType = "HTTP", target = fixture.Backend.BaseUrl }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");
        var routeId = Items(await Control.GetAsync($"/v2/apis/{apiId}/routes"))[0].GetProperty("routeId").GetString();

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /pets" })).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal("$default", (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).Member("routeKey"));
    }

    [Fact]
    public async Task QuickCreatedResources_ManagedIntegrationAndStage_CannotBeDeletedOrChanged()
    {
        // botocore's model: a quick-created integration "can be updated but not deleted"; the $default stage
        // "is managed by API Gateway. You can't modify the $default stage."
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "quick", protocolType = "HTTP", target = fixture.Backend.BaseUrl }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");
        var integrationId = Items(await Control.GetAsync($"/v2/apis/{apiId}/integrations"))[0].GetProperty("integrationId").GetString();
        var routeId = Items(await Control.GetAsync($"/v2/apis/{apiId}/routes"))[0].GetProperty("routeId").GetString();
        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.DeleteAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
        (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { timeoutInMillis = 5000 })).ShouldBe(HttpStatusCode.OK);
        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/$default", new { description = "x" })).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
        (await Control.DeleteAsync($"/v2/apis/{apiId}/stages/$default")).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task UpdateRoute_NewRouteKey_MovesTheStagesRouteSettings()
    {
        var apiId = await Control.CreateApiAsync();
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        (await Control.PostAsync($"/v2/apis/{apiId}/stages", new
        {
            stageName = "beta",
            routeSettings = new Dictionary<string, object> { ["GET /pets"] = new { throttlingBurstLimit = 7 } },
        })).ShouldBe(HttpStatusCode.Created);

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /animals" })).ShouldBe(HttpStatusCode.OK);

        var settings = (await Control.GetAsync($"/v2/apis/{apiId}/stages/beta")).Json.GetProperty("routeSettings");
        Assert.False(settings.TryGetProperty("GET /pets", out _));
        Assert.Equal(7, settings.GetProperty("GET /animals").GetProperty("throttlingBurstLimit").GetInt32());
    }

    [Fact]
    public async Task UpdateRoute_UnknownRoute_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/nosuch1", new { routeKey = "GET /x" })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteRoute_Existing_Returns204AndTheRouteIsGone()
    {
        var apiId = await Control.CreateApiAsync();
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        var keep = await Control.CreateRouteAsync(apiId, "GET /cats", integrationId: null);

        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        var remaining = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/routes")));
        Assert.Equal(keep, remaining.GetProperty("routeId").GetString());
    }

    [Fact]
    public async Task DeleteRoute_UnknownRoute_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteRouteRequestParameter_Existing_RemovesOnlyThatParameter()
    {
        var apiId = await Control.CreateApiAsync();
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null, new
        {
            requestParameters = new Dictionary<string, object>
            {
                ["route.request.header.x-id"] = new { required = true },
                ["route.request.querystring.page"] = new { required = false },
            },
        });

        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}/requestparameters/route.request.header.x-id")).ShouldBe(HttpStatusCode.NoContent);

        var parameters = (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("requestParameters");
        Assert.False(parameters.TryGetProperty("route.request.header.x-id", out _));
        Assert.False(parameters.GetProperty("route.request.querystring.page").GetProperty("required").GetBoolean());
    }
}
