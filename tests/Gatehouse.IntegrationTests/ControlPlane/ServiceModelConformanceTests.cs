using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// Answers checked against botocore's apigatewayv2 model, the definition the CLI and SDKs parse with: every member
/// Gatehouse returns is one the model names (a misspelt member is silently dropped by every SDK), success codes are
/// the model's, enum values are the model's.
/// </summary>
[Collection(Collections.ControlPlane)]
public sealed class ServiceModelConformanceTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [ServiceModelFact]
    public async Task EveryResourceAnswer_UsesOnlyMemberNamesOfTheModel()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new
        {
            name = "model",
            protocolType = "HTTP",
            description = "d",
            version = "1",
            tags = new { a = "b" },
            corsConfiguration = new { allowOrigins = new[] { "*" }, maxAge = 10 },
        })).ShouldBe(HttpStatusCode.Created).Member("apiId");
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl, new
        {
            description = "d",
            timeoutInMillis = 1000,
            requestParameters = new Dictionary<string, string> { ["append:header.x"] = "y" },
            responseParameters = new Dictionary<string, Dictionary<string, string>> { ["200"] = new() { ["append:header.x"] = "y" } },
        });
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId, new { operationName = "op" });
        await Control.CreateStageAsync(apiId, "prod", new
        {
            description = "d",
            stageVariables = new { v = "1" },
            defaultRouteSettings = new { throttlingBurstLimit = 1, throttlingRateLimit = 1.0 },
            routeSettings = new Dictionary<string, object> { ["GET /pets"] = new { throttlingBurstLimit = 1 } },
            accessLogSettings = new { destinationArn = "arn:aws:logs:us-east-1:000000000000:log-group:g", format = "$context.requestId" },
        });
        var deploymentId = await Control.DeployAsync(apiId, "prod");
        var quickId = (await Control.PostAsync("/v2/apis", new { name = "quick", protocolType = "HTTP", target = fixture.Backend.BaseUrl }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        AssertMembers("GetApiResponse", (await Control.GetAsync($"/v2/apis/{apiId}")).Json);
        AssertMembers("Cors", (await Control.GetAsync($"/v2/apis/{apiId}")).Json.GetProperty("corsConfiguration"));
        AssertMembers("GetIntegrationResult", (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).Json);
        AssertMembers("GetRouteResult", (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).Json);
        var stage = (await Control.GetAsync($"/v2/apis/{apiId}/stages/prod")).Json;
        AssertMembers("GetStageResponse", stage);
        AssertMembers("RouteSettings", stage.GetProperty("defaultRouteSettings"));
        AssertMembers("RouteSettings", stage.GetProperty("routeSettings").GetProperty("GET /pets"));
        AssertMembers("AccessLogSettings", stage.GetProperty("accessLogSettings"));
        AssertMembers("GetDeploymentResponse", (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")).Json);
        foreach (var (path, shape) in new[]
        {
            ("", "Api"), ("/routes", "Route"), ("/integrations", "Integration"), ("/stages", "Stage"), ("/deployments", "Deployment"),
        })
        {
            var list = (await Control.GetAsync(path.Length == 0 ? "/v2/apis" : $"/v2/apis/{quickId}{path}")).ShouldBe(HttpStatusCode.OK).Json;
            AssertMembers("Get" + (shape == "Api" ? "Apis" : shape + "s") + "Response", list);
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                AssertMembers(shape, item);
            }
        }
    }

    [ServiceModelFact]
    public async Task ErrorAnswer_HasTheModelsErrorMembers()
    {
        var error = (await Control.GetAsync("/v2/apis/nosuchapi0")).ShouldBe(HttpStatusCode.NotFound).Json;

        AssertMembers("NotFoundException", error);
    }

    [ServiceModelFact]
    public async Task SuccessCodes_AreTheModels()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        var deploymentId = await Control.DeployAsync(apiId, "prod");
        var unused = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { })).Member("deploymentId");

        var calls = new (string Operation, Func<Task<ControlPlaneResponse>> Call)[]
        {
            ("GetApis", () => Control.GetAsync("/v2/apis")),
            ("GetApi", () => Control.GetAsync($"/v2/apis/{apiId}")),
            ("UpdateApi", () => Control.PatchAsync($"/v2/apis/{apiId}", new { description = "x" })),
            ("GetRoutes", () => Control.GetAsync($"/v2/apis/{apiId}/routes")),
            ("GetRoute", () => Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")),
            ("UpdateRoute", () => Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { operationName = "x" })),
            ("GetIntegrations", () => Control.GetAsync($"/v2/apis/{apiId}/integrations")),
            ("GetIntegration", () => Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")),
            ("UpdateIntegration", () => Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { description = "x" })),
            ("GetStages", () => Control.GetAsync($"/v2/apis/{apiId}/stages")),
            ("GetStage", () => Control.GetAsync($"/v2/apis/{apiId}/stages/prod")),
            ("UpdateStage", () => Control.PatchAsync($"/v2/apis/{apiId}/stages/prod", new { description = "x" })),
            ("GetDeployments", () => Control.GetAsync($"/v2/apis/{apiId}/deployments")),
            ("GetDeployment", () => Control.GetAsync($"/v2/apis/{apiId}/deployments/{deploymentId}")),
            ("UpdateDeployment", () => Control.PatchAsync($"/v2/apis/{apiId}/deployments/{deploymentId}", new { description = "x" })),
            ("TagResource", () => Control.PostAsync($"/v2/tags/arn:aws:apigateway:us-east-1::/apis/{apiId}", new { tags = new { a = "b" } })),
            ("GetTags", () => Control.GetAsync($"/v2/tags/arn:aws:apigateway:us-east-1::/apis/{apiId}")),
            ("UntagResource", () => Control.DeleteAsync($"/v2/tags/arn:aws:apigateway:us-east-1::/apis/{apiId}?tagKeys=a")),
            ("DeleteDeployment", () => Control.DeleteAsync($"/v2/apis/{apiId}/deployments/{unused}")),
            ("DeleteCorsConfiguration", () => Control.DeleteAsync($"/v2/apis/{apiId}/cors")),
            ("DeleteStage", () => Control.DeleteAsync($"/v2/apis/{apiId}/stages/prod")),
            ("DeleteRoute", () => Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}")),
            ("DeleteIntegration", () => Control.DeleteAsync($"/v2/apis/{apiId}/integrations/{integrationId}")),
            ("DeleteApi", () => Control.DeleteAsync($"/v2/apis/{apiId}")),
        };

        foreach (var (operation, call) in calls)
        {
            var response = await call();
            Assert.True((int)response.Status == ServiceModel.SuccessCode(operation),
                $"{operation}: the model says {ServiceModel.SuccessCode(operation)}, got {(int)response.Status}: {response.Text}");
        }

        Assert.Equal(201, ServiceModel.SuccessCode("CreateApi"));
    }

    [ServiceModelFact]
    public async Task DeploymentStatus_IsAnEnumValueOfTheModel()
    {
        var apiId = await Control.CreateApiAsync();

        var status = (await Control.PostAsync($"/v2/apis/{apiId}/deployments", new { })).Member("deploymentStatus");

        Assert.Contains(status, ServiceModel.EnumValues("DeploymentStatus"));
    }

    private static void AssertMembers(string shape, JsonElement json)
    {
        var allowed = ServiceModel.BodyMembers(shape);
        var unknown = json.EnumerateObject().Select(p => p.Name).Where(n => !allowed.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"{shape}: members not in the botocore model: {string.Join(", ", unknown)} (model has {string.Join(", ", allowed.Order())})");
    }
}
