using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateApi (plain and quick create), GetApi, GetApis, UpdateApi, DeleteApi, DeleteCorsConfiguration.</summary>
[Collection(Collections.ControlPlane)]
public sealed class ApiOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateApi_HttpProtocol_Returns201WithTheApiAsAwsDescribesIt()
    {
        var response = await Control.PostAsync("/v2/apis", new { name = "pets", protocolType = "HTTP", description = "the pet store", version = "v1" });

        var api = response.ShouldBe(HttpStatusCode.Created).Json;
        var apiId = api.GetProperty("apiId").GetString()!;
        Assert.Matches("^[a-z0-9]{10}$", apiId);
        Assert.Equal("pets", api.GetProperty("name").GetString());
        Assert.Equal("HTTP", api.GetProperty("protocolType").GetString());
        Assert.Equal("the pet store", api.GetProperty("description").GetString());
        Assert.Equal("v1", api.GetProperty("version").GetString());
        Assert.Equal("$request.header.x-api-key", api.GetProperty("apiKeySelectionExpression").GetString());
        Assert.False(api.GetProperty("disableExecuteApiEndpoint").GetBoolean());
        Assert.Contains(apiId, api.GetProperty("apiEndpoint").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(api.GetProperty("createdDate").GetString(), out _), "createdDate is an ISO 8601 timestamp");
    }

    [Fact]
    public async Task CreateApi_WithoutRouteSelectionExpression_ReturnsAwsDefaultExpression()
    {
        var response = await Control.PostAsync("/v2/apis", new { name = "rse", protocolType = "HTTP" });

        Assert.Equal("${request.method} ${request.path}", response.ShouldBe(HttpStatusCode.Created).Json.GetProperty("routeSelectionExpression").GetString());
    }

    [Fact]
    public async Task CreateApi_WithAwsRouteSelectionExpression_IsAccepted()
    {
        var response = await Control.PostAsync("/v2/apis", new { name = "rse", protocolType = "HTTP", routeSelectionExpression = "${request.method} ${request.path}" });

        response.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CreateApi_WithTarget_QuickCreatesIntegrationDefaultRouteAndAutoDeployedDefaultStage()
    {
        var target = fixture.Backend.BaseUrl + "/quick";

        var apiId = (await Control.PostAsync("/v2/apis", new { name = "quick", protocolType = "HTTP", target }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        var integration = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/integrations")));
        Assert.Equal("HTTP_PROXY", integration.GetProperty("integrationType").GetString());
        Assert.Equal(target, integration.GetProperty("integrationUri").GetString());
        Assert.Equal("ANY", integration.GetProperty("integrationMethod").GetString());
        Assert.Equal("1.0", integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal(30000, integration.GetProperty("timeoutInMillis").GetInt32());
        Assert.True(integration.GetProperty("apiGatewayManaged").GetBoolean());

        var route = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/routes")));
        Assert.Equal("$default", route.GetProperty("routeKey").GetString());
        Assert.Equal("integrations/" + integration.GetProperty("integrationId").GetString(), route.GetProperty("target").GetString());
        Assert.True(route.GetProperty("apiGatewayManaged").GetBoolean());

        var stage = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/stages")));
        Assert.Equal("$default", stage.GetProperty("stageName").GetString());
        Assert.True(stage.GetProperty("autoDeploy").GetBoolean());
        Assert.True(stage.GetProperty("apiGatewayManaged").GetBoolean());
        var deploymentId = stage.GetProperty("deploymentId").GetString();
        Assert.False(string.IsNullOrEmpty(deploymentId));

        var deployment = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/deployments")));
        Assert.Equal(deploymentId, deployment.GetProperty("deploymentId").GetString());
        Assert.True(deployment.GetProperty("autoDeployed").GetBoolean());

        // And it serves at once: the $default route appends the whole request path to the target.
        var echo = await fixture.DataPlane.EchoAsync(fixture.DataPlane.HostStyle(apiId, "/pets/1?color=red"));
        Assert.Equal("/quick/pets/1", echo.Path);
        Assert.Equal("color=red", echo.Query);
    }

    [Fact]
    public async Task CreateApi_WithLambdaTarget_QuickCreatesAnAwsProxyIntegrationWithPayloadFormat20()
    {
        const string Target = "arn:aws:lambda:us-east-1:000000000000:function:quick-fn";

        var apiId = (await Control.PostAsync("/v2/apis", new { name = "quick-lambda", protocolType = "HTTP", target = Target }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        var integration = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/integrations")));
        Assert.Equal("AWS_PROXY", integration.GetProperty("integrationType").GetString());
        Assert.Equal(Target, integration.GetProperty("integrationUri").GetString());
        Assert.Equal("POST", integration.GetProperty("integrationMethod").GetString());
        Assert.Equal("2.0", integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal(30000, integration.GetProperty("timeoutInMillis").GetInt32());
        Assert.True(integration.GetProperty("apiGatewayManaged").GetBoolean());
        var route = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/routes")));
        Assert.Equal("$default", route.GetProperty("routeKey").GetString());
        var stage = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/stages")));
        Assert.True(stage.GetProperty("autoDeploy").GetBoolean());
    }

    [Fact]
    public async Task CreateApi_WithLambdaTargetWithTheAwsCli_QuickCreates()
    {
        var api = (await fixture.Cli.ApiGatewayV2Async("create-api", "--name", "quick-cli", "--protocol-type", "HTTP",
            "--target", "arn:aws:lambda:us-east-1:000000000000:function:quick-fn")).ShouldSucceed().Json;

        var integrations = (await fixture.Cli.ApiGatewayV2Async("get-integrations", "--api-id", api.GetProperty("ApiId").GetString()!)).ShouldSucceed().Json;
        var integration = Assert.Single(integrations.GetProperty("Items").EnumerateArray());
        Assert.Equal("AWS_PROXY", integration.GetProperty("IntegrationType").GetString());
        Assert.Equal("2.0", integration.GetProperty("PayloadFormatVersion").GetString());
    }

    [Fact]
    public async Task CreateApi_WithTargetAndRouteKey_QuickCreatesThatRoute()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "quick", protocolType = "HTTP", target = fixture.Backend.BaseUrl, routeKey = "GET /pets" }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        var route = Assert.Single(Items(await Control.GetAsync($"/v2/apis/{apiId}/routes")));
        Assert.Equal("GET /pets", route.GetProperty("routeKey").GetString());
        using var other = await fixture.DataPlane.GetAsync(fixture.DataPlane.HostStyle(apiId, "/cats"));
        await other.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Theory]
    [InlineData("""{"protocolType":"HTTP"}""", "Name")]
    [InlineData("""{"name":"x"}""", "ProtocolType")]
    [InlineData("""{"name":"x","protocolType":"SOAP"}""", "ProtocolType")]
    [InlineData("""{"name":"x","protocolType":"HTTP","target":"not a url"}""", "Target")]
    [InlineData("""{"name":"x","protocolType":"HTTP","target":"arn:aws:lambda:us-east-1:000000000000:layer:x"}""", "Target")]
    [InlineData("""{"name":"x","protocolType":"HTTP","target":"arn:aws:sqs:us-east-1:000000000000:queue"}""", "Target")]
    [InlineData("""{"name":"x","protocolType":"HTTP","corsConfiguration":{"maxAge":100000}}""", "maxAge")]
    [InlineData("""{"name":"x","protocolType":"HTTP","routeSelectionExpression":"$request.body.action"}""", "RouteSelectionExpression")]
    [InlineData("""{"name":5,"protocolType":"HTTP"}""", "name")]
    public async Task CreateApi_InvalidInput_Returns400NamingTheField(string body, string field)
    {
        var message = (await Control.PostAsync("/v2/apis", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(field, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateApi_MalformedJson_Returns400BadRequestException()
    {
        (await Control.PostAsync("/v2/apis", "{not json")).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task GetApi_Existing_ReturnsWhatCreateApiReturned()
    {
        var created = (await Control.PostAsync("/v2/apis", new { name = "get-me", protocolType = "HTTP", tags = new { team = "pets" } }))
            .ShouldBe(HttpStatusCode.Created).Json;
        var apiId = created.GetProperty("apiId").GetString();

        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(created.ToString(), fetched.ToString());
        Assert.Equal("pets", fetched.GetProperty("tags").GetProperty("team").GetString());
    }

    [Fact]
    public async Task GetApi_UnknownId_Returns404WithAwsMessage()
    {
        var message = (await Control.GetAsync("/v2/apis/nosuchapi0")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi0", message);
    }

    [Fact]
    public async Task GetApis_WithMaxResults_PagesThroughEveryApiExactlyOnce()
    {
        var mine = new[] { await Control.CreateApiAsync(), await Control.CreateApiAsync(), await Control.CreateApiAsync() };
        var all = Items(await Control.GetAsync("/v2/apis")).Select(a => a.GetProperty("apiId").GetString()).ToList();

        var paged = new List<string?>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?maxResults=2" + (token is null ? "" : "&nextToken=" + Uri.EscapeDataString(token));
            var page = (await Control.GetAsync("/v2/apis" + query)).ShouldBe(HttpStatusCode.OK).Json;
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            paged.AddRange(items.Select(a => a.GetProperty("apiId").GetString()));
            token = page.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 1000);

        Assert.Equal(all, paged);
        Assert.Equal((all.Count + 1) / 2, pages);
        Assert.All(mine, id => Assert.Contains(id, paged));
    }

    [Theory]
    [InlineData("?nextToken=garbage")]
    [InlineData("?maxResults=0")]
    [InlineData("?maxResults=abc")]
    public async Task GetApis_InvalidPaging_Returns400(string query)
    {
        (await Control.GetAsync("/v2/apis" + query)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task UpdateApi_SomeFields_ChangesThoseAndKeepsTheRest()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "before", protocolType = "HTTP", description = "kept", version = "1" }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}", new { name = "after", version = "2" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("after", updated.GetProperty("name").GetString());
        Assert.Equal("2", updated.GetProperty("version").GetString());
        Assert.Equal("kept", updated.GetProperty("description").GetString());
        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task UpdateApi_CorsConfiguration_IsStoredAndReturned()
    {
        var apiId = await Control.CreateApiAsync();
        var cors = new
        {
            allowOrigins = new[] { "https://www.example.com" },
            allowMethods = new[] { "GET", "POST" },
            allowHeaders = new[] { "x-custom" },
            exposeHeaders = new[] { "x-backend" },
            maxAge = 300,
            allowCredentials = true,
        };

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}", new { corsConfiguration = cors })).ShouldBe(HttpStatusCode.OK).Json;

        var stored = (await Control.GetAsync($"/v2/apis/{apiId}")).ShouldBe(HttpStatusCode.OK).Json.GetProperty("corsConfiguration");
        Assert.Equal(updated.GetProperty("corsConfiguration").ToString(), stored.ToString());
        Assert.Equal(["https://www.example.com"], Strings(stored.GetProperty("allowOrigins")));
        Assert.Equal(["GET", "POST"], Strings(stored.GetProperty("allowMethods")));
        Assert.Equal(["x-custom"], Strings(stored.GetProperty("allowHeaders")));
        Assert.Equal(["x-backend"], Strings(stored.GetProperty("exposeHeaders")));
        Assert.Equal(300, stored.GetProperty("maxAge").GetInt32());
        Assert.True(stored.GetProperty("allowCredentials").GetBoolean());
    }

    [Theory]
    [InlineData("""{"corsConfiguration":{"maxAge":86401}}""", "maxAge")]
    [InlineData("""{"corsConfiguration":{"allowOrigins":["*"],"allowCredentials":true}}""", "allowCredentials")]
    [InlineData("""{"corsConfiguration":{"allowMethods":["FETCH"]}}""", "allowMethods")]
    [InlineData("""{"protocolType":"WEBSOCKET"}""", "ProtocolType")]
    public async Task UpdateApi_InvalidInput_Returns400NamingTheField(string body, string field)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PatchAsync($"/v2/apis/{apiId}", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(field, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UpdateApi_UnknownId_Returns404()
    {
        (await Control.PatchAsync("/v2/apis/nosuchapi0", new { name = "x" })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteCorsConfiguration_ApiWithCors_Returns204AndRemovesIt()
    {
        var apiId = await Control.CreateApiAsync(cors: new { allowOrigins = new[] { "*" } });

        var response = await Control.DeleteAsync($"/v2/apis/{apiId}/cors");

        response.ShouldBe(HttpStatusCode.NoContent);
        Assert.Equal("", response.Text);
        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}")).Json.TryGetProperty("corsConfiguration", out _));
    }

    [Fact]
    public async Task DeleteApi_Existing_Returns204AndTheApiIsGone()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "GET /pets");

        var response = await Control.DeleteAsync($"/v2/apis/{apiId}");

        response.ShouldBe(HttpStatusCode.NoContent);
        (await Control.GetAsync($"/v2/apis/{apiId}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        (await Control.GetAsync($"/v2/apis/{apiId}/routes")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        Assert.DoesNotContain(apiId, (await Control.GetAsync("/v2/apis")).Text, StringComparison.Ordinal);
        using var served = await fixture.DataPlane.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/pets"));
        await served.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task DeleteApi_UnknownId_Returns404()
    {
        var message = (await Control.DeleteAsync("/v2/apis/nosuchapi0")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi0", message);
    }

    [Fact]
    public async Task ControlPlane_EveryAnswer_CarriesAnAmznRequestId()
    {
        var ok = await Control.GetAsync("/v2/apis");
        var error = await Control.GetAsync("/v2/apis/nosuchapi0");

        Assert.Matches(new Regex("^[0-9a-f-]{36}$"), ok.Headers["x-amzn-RequestId"]);
        Assert.Matches(new Regex("^[0-9a-f-]{36}$"), error.Headers["x-amzn-RequestId"]);
    }

    internal static List<JsonElement> Items(ControlPlaneResponse response) =>
        response.ShouldBe(HttpStatusCode.OK).Json.GetProperty("items").EnumerateArray().ToList();

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
