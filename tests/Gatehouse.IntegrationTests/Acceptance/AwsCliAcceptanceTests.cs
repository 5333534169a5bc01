using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Issue 2's acceptance, as a new user would run it: the real AWS CLI v2 builds an HTTP API on Gatehouse, and plain
/// HTTP clients call it on both address styles.
/// </summary>
[Collection(Collections.Cli)]
public sealed class AwsCliAcceptanceTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    [Fact]
    public async Task GivenAnApiBuiltWithTheCli_WhenClientsCallTheStage_ThenTheBackendGetsPathQueryAndHeaders_AndRouteChangesFollowRedeployments()
    {
        // Given an HTTP API, an HTTP_PROXY integration, a route, a stage and a deployment, all made with the CLI.
        var api = (await Cli.ApiGatewayV2Async("create-api", "--name", "acceptance", "--protocol-type", "HTTP")).ShouldSucceed().Json;
        var apiId = api.GetProperty("ApiId").GetString()!;
        Assert.Equal("HTTP", api.GetProperty("ProtocolType").GetString());
        Assert.Equal("acceptance", api.GetProperty("Name").GetString());

        var integration = (await Cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "HTTP_PROXY",
            "--integration-method", "ANY", "--integration-uri", fixture.Backend.BaseUrl + "/{proxy}", "--payload-format-version", "1.0")).ShouldSucceed().Json;
        var integrationId = integration.GetProperty("IntegrationId").GetString()!;
        Assert.Equal("HTTP_PROXY", integration.GetProperty("IntegrationType").GetString());

        var route = (await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /greeting/{name}",
            "--target", "integrations/" + integrationId)).ShouldSucceed().Json;
        var routeId = route.GetProperty("RouteId").GetString()!;
        Assert.Equal("GET /greeting/{name}", route.GetProperty("RouteKey").GetString());

        var stage = (await Cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "production")).ShouldSucceed().Json;
        Assert.Equal("production", stage.GetProperty("StageName").GetString());

        var deployment = (await Cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "production")).ShouldSucceed().Json;
        var deploymentId = deployment.GetProperty("DeploymentId").GetString();
        Assert.Equal("DEPLOYED", deployment.GetProperty("DeploymentStatus").GetString());

        // When a client calls the route on either address, then the backend sees the path, query string and headers.
        foreach (var style in new[] { AddressStyle.Host, AddressStyle.Path })
        {
            var echo = await DataPlane.EchoAsync(DataPlane.Address(style, apiId, "/production/greeting/world?lang=en&name=a%20b"),
                ("X-Request-Source", "acceptance"));
            Assert.Equal("GET", echo.Method);
            Assert.Equal("/greeting/world", echo.Path);
            Assert.Equal("lang=en&name=a%20b", echo.Query);
            Assert.Equal("acceptance", echo.Header("x-request-source"));
            Assert.Equal($"127.0.0.1:{fixture.Backend.Port}", echo.Header("host"));
        }

        // The ApiEndpoint that create-api printed is where the API is served.
        var viaEndpoint = await DataPlane.EchoAsync(new Uri(api.GetProperty("ApiEndpoint").GetString() + "/production/greeting/endpoint"));
        Assert.Equal("/greeting/endpoint", viaEndpoint.Path);

        // get-routes and get-stages show what was made.
        var routes = (await Cli.ApiGatewayV2Async("get-routes", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        var listedRoute = Assert.Single(routes.EnumerateArray());
        Assert.Equal("GET /greeting/{name}", listedRoute.GetProperty("RouteKey").GetString());
        Assert.Equal("integrations/" + integrationId, listedRoute.GetProperty("Target").GetString());
        var stages = (await Cli.ApiGatewayV2Async("get-stages", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        var listedStage = Assert.Single(stages.EnumerateArray());
        Assert.Equal("production", listedStage.GetProperty("StageName").GetString());
        Assert.Equal(deploymentId, listedStage.GetProperty("DeploymentId").GetString());

        // update-route changes the live route only after a redeployment.
        var updated = (await Cli.ApiGatewayV2Async("update-route", "--api-id", apiId, "--route-id", routeId, "--route-key", "GET /hello/{name}"))
            .ShouldSucceed().Json;
        Assert.Equal("GET /hello/{name}", updated.GetProperty("RouteKey").GetString());
        Assert.Equal("/greeting/bob", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/production/greeting/bob"))).Path);
        (await Cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "production")).ShouldSucceed();
        Assert.Equal("/hello/bob", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/production/hello/bob"))).Path);
        using (var oldKey = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/production/greeting/bob")))
        {
            await oldKey.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        }

        // delete-route + redeploy: the route is gone, as on AWS.
        var deleted = await Cli.ApiGatewayV2Async("delete-route", "--api-id", apiId, "--route-id", routeId);
        deleted.ShouldSucceed();
        Assert.Equal("", deleted.Stdout.Trim());
        (await Cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "production")).ShouldSucceed();
        using var gone = await DataPlane.GetAsync(DataPlane.PathStyle(apiId, "/production/hello/bob"));
        await gone.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        Assert.Equal(0, (await Cli.ApiGatewayV2Async("get-routes", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items").GetArrayLength());
    }

    [Fact]
    public async Task GivenTheDeveloperGuidesParameterMappingExamples_WhenCreatedWithTheCli_ThenRequestsAndResponsesAreTransformedAsDocumented()
    {
        // The examples of "Transforming API requests and responses" (http-api-parameter-mapping), verbatim apart from the URI.
        var apiId = await fixture.Control.CreateApiAsync();
        var integrationId = (await Cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "HTTP_PROXY",
            "--payload-format-version", "1.0", "--integration-uri", fixture.Backend.BaseUrl + "/{proxy}", "--integration-method", "ANY",
            "--request-parameters", """{ "append:header.header2": "$request.header.header1",  "remove:header.header1": "''"}""",
            "--response-parameters", """{"500" : {"append:header.header1": "$context.requestId", "overwrite:statuscode" : "403"}, "404" : {"append:header.error" : "$stageVariables.environmentId"}  }"""))
            .ShouldSucceed().Json.GetProperty("IntegrationId").GetString()!;
        await fixture.Control.CreateRouteAsync(apiId, "ANY /{proxy+}", integrationId);
        await fixture.Control.CreateStageAsync(apiId, "prod", new { stageVariables = new { environmentId = "env-7" } });
        await fixture.Control.DeployAsync(apiId, "prod");

        var renamed = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/status/200"), ("header1", "moved"));
        using var serverError = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/status/500"));
        using var notFound = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/status/404"));

        Assert.Equal("moved", renamed.Header("header2"));
        Assert.Null(renamed.Header("header1"));
        Assert.Equal(HttpStatusCode.Forbidden, serverError.StatusCode);
        Assert.Equal(serverError.Headers.GetValues("apigw-requestid").Single(), serverError.Headers.GetValues("header1").Single());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("env-7", notFound.Headers.GetValues("error").Single());

        // "Remove configured parameter mappings": an empty value removes a request mapping, {} a status code's mappings.
        var updated = (await Cli.ApiGatewayV2Async("update-integration", "--api-id", apiId, "--integration-id", integrationId,
            "--request-parameters", """{"append:header.header2" : ""}""", "--response-parameters", """{"500" : {}}""")).ShouldSucceed().Json;
        Assert.Equal(["remove:header.header1"], updated.GetProperty("RequestParameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["404"], updated.GetProperty("ResponseParameters").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task GivenQuickCreateWithTarget_WhenAClientCallsTheDefaultStage_ThenTheTargetGetsTheFullPath()
    {
        var api = (await Cli.ApiGatewayV2Async("create-api", "--name", "quick", "--protocol-type", "HTTP", "--target", fixture.Backend.BaseUrl + "/app"))
            .ShouldSucceed().Json;
        var apiId = api.GetProperty("ApiId").GetString()!;

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/orders/17?expand=items"));

        Assert.Equal("/app/orders/17", echo.Path);
        Assert.Equal("expand=items", echo.Query);
        var stage = (await Cli.ApiGatewayV2Async("get-stage", "--api-id", apiId, "--stage-name", "$default")).ShouldSucceed().Json;
        Assert.True(stage.GetProperty("AutoDeploy").GetBoolean());
    }

    [Fact]
    public async Task GivenAStageWithVariablesAndRouteSettings_WhenUpdatedWithTheCli_ThenTheCliShowsTheMergedStage()
    {
        var apiId = await fixture.Control.CreateApiAsync();
        await fixture.Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);
        (await Cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "dev", "--stage-variables", "a=1,b=2")).ShouldSucceed();

        var updated = (await Cli.ApiGatewayV2Async("update-stage", "--api-id", apiId, "--stage-name", "dev",
            "--stage-variables", "b=3,c=4",
            "--default-route-settings", "ThrottlingBurstLimit=500,ThrottlingRateLimit=1000",
            "--route-settings", """{"GET /pets":{"ThrottlingBurstLimit":100,"ThrottlingRateLimit":2000}}""")).ShouldSucceed().Json;

        var variables = updated.GetProperty("StageVariables");
        Assert.Equal("1", variables.GetProperty("a").GetString());
        Assert.Equal("3", variables.GetProperty("b").GetString());
        Assert.Equal("4", variables.GetProperty("c").GetString());
        Assert.Equal(500, updated.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingBurstLimit").GetInt32());
        Assert.Equal(1000.0, updated.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingRateLimit").GetDouble());
        Assert.Equal(2000.0, updated.GetProperty("RouteSettings").GetProperty("GET /pets").GetProperty("ThrottlingRateLimit").GetDouble());
    }

    [Fact]
    public async Task GivenAnApi_WhenCorsIsSetAndDeletedWithTheCli_ThenGetApiFollows()
    {
        var apiId = (await Cli.ApiGatewayV2Async("create-api", "--name", "cors", "--protocol-type", "HTTP")).ShouldSucceed().Json.GetProperty("ApiId").GetString()!;

        var updated = (await Cli.ApiGatewayV2Async("update-api", "--api-id", apiId,
            "--cors-configuration", "AllowOrigins=https://www.example.com,AllowMethods=GET,MaxAge=300")).ShouldSucceed().Json;
        (await Cli.ApiGatewayV2Async("delete-cors-configuration", "--api-id", apiId)).ShouldSucceed();
        var after = (await Cli.ApiGatewayV2Async("get-api", "--api-id", apiId)).ShouldSucceed().Json;

        var cors = updated.GetProperty("CorsConfiguration");
        Assert.Equal("https://www.example.com", cors.GetProperty("AllowOrigins")[0].GetString());
        Assert.Equal(300, cors.GetProperty("MaxAge").GetInt32());
        Assert.False(after.TryGetProperty("CorsConfiguration", out _));
    }

    [Fact]
    public async Task GivenSeveralApis_WhenGetApisPagesWithMaxResults_ThenTheCliFollowsNextTokenToTheEnd()
    {
        var ids = new[] { await fixture.Control.CreateApiAsync(), await fixture.Control.CreateApiAsync(), await fixture.Control.CreateApiAsync() };

        // The CLI paginates by itself: --page-size sets maxResults on each call and it follows nextToken.
        var all = (await Cli.ApiGatewayV2Async("get-apis", "--page-size", "1")).ShouldSucceed().Json.GetProperty("Items");
        var firstPage = (await Cli.ApiGatewayV2Async("get-apis", "--max-items", "2")).ShouldSucceed().Json;

        var listed = all.EnumerateArray().Select(a => a.GetProperty("ApiId").GetString()).ToList();
        Assert.All(ids, id => Assert.Contains(id, listed));
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(2, firstPage.GetProperty("Items").GetArrayLength());
        Assert.True(firstPage.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task GivenAnApiAndAStage_WhenTaggedWithTheCli_ThenGetTagsShowsTheTags()
    {
        var apiId = await fixture.Control.CreateApiAsync();
        await fixture.Control.CreateStageAsync(apiId, "prod");
        var apiArn = $"arn:aws:apigateway:us-east-1::/apis/{apiId}";
        var stageArn = $"{apiArn}/stages/prod";

        (await Cli.ApiGatewayV2Async("tag-resource", "--resource-arn", apiArn, "--tags", "team=pets,env=test")).ShouldSucceed();
        (await Cli.ApiGatewayV2Async("tag-resource", "--resource-arn", stageArn, "--tags", "tier=gold")).ShouldSucceed();
        (await Cli.ApiGatewayV2Async("untag-resource", "--resource-arn", apiArn, "--tag-keys", "env")).ShouldSucceed();

        var apiTags = (await Cli.ApiGatewayV2Async("get-tags", "--resource-arn", apiArn)).ShouldSucceed().Json.GetProperty("Tags");
        var stageTags = (await Cli.ApiGatewayV2Async("get-tags", "--resource-arn", stageArn)).ShouldSucceed().Json.GetProperty("Tags");
        Assert.Equal(["team"], apiTags.EnumerateObject().Select(p => p.Name));
        Assert.Equal("gold", stageTags.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task GivenADeploymentInUse_WhenTheCliDeletesIt_ThenItFailsUntilTheStageMoves()
    {
        var apiId = await fixture.Control.CreateApiAsync();
        await fixture.Control.CreateStageAsync(apiId, "prod");
        var first = await fixture.Control.DeployAsync(apiId, "prod");

        var refused = await Cli.ApiGatewayV2Async("delete-deployment", "--api-id", apiId, "--deployment-id", first);
        await fixture.Control.DeployAsync(apiId, "prod");
        var accepted = await Cli.ApiGatewayV2Async("delete-deployment", "--api-id", apiId, "--deployment-id", first);

        Assert.Equal("Active stages pointing to this deployment must be moved or deleted", refused.ShouldFailWith("BadRequestException", "DeleteDeployment"));
        accepted.ShouldSucceed();
        var deployments = (await Cli.ApiGatewayV2Async("get-deployments", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        Assert.DoesNotContain(first, deployments.EnumerateArray().Select(d => d.GetProperty("DeploymentId").GetString()));
    }
}
