using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>The apigateway (v1) REST API operations on the URIs of botocore's model.</summary>
public static class ApiGatewayEndpoints
{
    /// <summary>True for the paths of the v1 operations mapped here.</summary>
    public static bool IsApiGatewayPath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/restapis") || path.StartsWithSegments("/tags");

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // ImportRestApi shares CreateRestApi's path; botocore tells them apart by ?mode=import.
        endpoints.MapPost("/restapis", (HttpContext context, RestApiService service) =>
            context.Request.Query["mode"] == "import" ? OpenApi.OpenApiOperations.ImportRestApi(context, service) : RestApiOperations.CreateRestApi(context, service));
        endpoints.MapGet("/restapis", RestApiOperations.GetRestApis);
        var api = endpoints.MapGroup("/restapis/{restApiId}");
        api.MapGet("", RestApiOperations.GetRestApi);
        api.MapPatch("", RestApiOperations.UpdateRestApi);
        api.MapDelete("", RestApiOperations.DeleteRestApi);
        api.MapPut("", OpenApi.OpenApiOperations.PutRestApi);

        api.MapGet("/resources", ResourceOperations.GetResources);
        api.MapPost("/resources/{parentId}", ResourceOperations.CreateResource);
        api.MapGet("/resources/{resourceId}", ResourceOperations.GetResource);
        api.MapPatch("/resources/{resourceId}", ResourceOperations.UpdateResource);
        api.MapDelete("/resources/{resourceId}", ResourceOperations.DeleteResource);

        const string Method = "/resources/{resourceId}/methods/{httpMethod}";
        api.MapPut(Method, MethodOperations.PutMethod);
        api.MapGet(Method, MethodOperations.GetMethod);
        api.MapPatch(Method, MethodOperations.UpdateMethod);
        api.MapDelete(Method, MethodOperations.DeleteMethod);
        api.MapPost(Method, TestInvoke.TestInvokeOperations.TestInvokeMethod);
        api.MapPut(Method + "/responses/{statusCode}", MethodResponseOperations.PutMethodResponse);
        api.MapGet(Method + "/responses/{statusCode}", MethodResponseOperations.GetMethodResponse);
        api.MapPatch(Method + "/responses/{statusCode}", MethodResponseOperations.UpdateMethodResponse);
        api.MapDelete(Method + "/responses/{statusCode}", MethodResponseOperations.DeleteMethodResponse);
        api.MapPut(Method + "/integration", IntegrationOperations.PutIntegration);
        api.MapGet(Method + "/integration", IntegrationOperations.GetIntegration);
        api.MapPatch(Method + "/integration", IntegrationOperations.UpdateIntegration);
        api.MapDelete(Method + "/integration", IntegrationOperations.DeleteIntegration);
        api.MapPut(Method + "/integration/responses/{statusCode}", IntegrationResponseOperations.PutIntegrationResponse);
        api.MapGet(Method + "/integration/responses/{statusCode}", IntegrationResponseOperations.GetIntegrationResponse);
        api.MapPatch(Method + "/integration/responses/{statusCode}", IntegrationResponseOperations.UpdateIntegrationResponse);
        api.MapDelete(Method + "/integration/responses/{statusCode}", IntegrationResponseOperations.DeleteIntegrationResponse);

        api.MapPost("/models", ModelOperations.CreateModel);
        api.MapGet("/models", ModelOperations.GetModels);
        api.MapGet("/models/{modelName}", ModelOperations.GetModel);
        api.MapPatch("/models/{modelName}", ModelOperations.UpdateModel);
        api.MapDelete("/models/{modelName}", ModelOperations.DeleteModel);

        api.MapPost("/requestvalidators", RequestValidatorOperations.CreateRequestValidator);
        api.MapGet("/requestvalidators", RequestValidatorOperations.GetRequestValidators);
        api.MapGet("/requestvalidators/{requestValidatorId}", RequestValidatorOperations.GetRequestValidator);
        api.MapPatch("/requestvalidators/{requestValidatorId}", RequestValidatorOperations.UpdateRequestValidator);
        api.MapDelete("/requestvalidators/{requestValidatorId}", RequestValidatorOperations.DeleteRequestValidator);

        api.MapPost("/authorizers", AuthorizerOperations.CreateAuthorizer);
        api.MapGet("/authorizers", AuthorizerOperations.GetAuthorizers);
        api.MapGet("/authorizers/{authorizerId}", AuthorizerOperations.GetAuthorizer);
        api.MapPatch("/authorizers/{authorizerId}", AuthorizerOperations.UpdateAuthorizer);
        api.MapDelete("/authorizers/{authorizerId}", AuthorizerOperations.DeleteAuthorizer);
        api.MapPost("/authorizers/{authorizerId}", TestInvoke.TestInvokeOperations.TestInvokeAuthorizer);

        api.MapGet("/gatewayresponses", GatewayResponseOperations.GetGatewayResponses);
        api.MapPut("/gatewayresponses/{responseType}", GatewayResponseOperations.PutGatewayResponse);
        api.MapGet("/gatewayresponses/{responseType}", GatewayResponseOperations.GetGatewayResponse);
        api.MapPatch("/gatewayresponses/{responseType}", GatewayResponseOperations.UpdateGatewayResponse);
        api.MapDelete("/gatewayresponses/{responseType}", GatewayResponseOperations.DeleteGatewayResponse);

        api.MapPost("/deployments", DeploymentOperations.CreateDeployment);
        api.MapGet("/deployments", DeploymentOperations.GetDeployments);
        api.MapGet("/deployments/{deploymentId}", DeploymentOperations.GetDeployment);
        api.MapPatch("/deployments/{deploymentId}", DeploymentOperations.UpdateDeployment);
        api.MapDelete("/deployments/{deploymentId}", DeploymentOperations.DeleteDeployment);

        api.MapPost("/stages", StageOperations.CreateStage);
        api.MapGet("/stages", StageOperations.GetStages);
        api.MapGet("/stages/{stageName}", StageOperations.GetStage);
        api.MapPatch("/stages/{stageName}", StageOperations.UpdateStage);
        api.MapDelete("/stages/{stageName}", StageOperations.DeleteStage);
        api.MapDelete("/stages/{stageName}/cache/authorizers", StageOperations.FlushStageAuthorizersCache);
        api.MapGet("/stages/{stageName}/exports/{exportType}", OpenApi.OpenApiOperations.GetExport);

        // The ARN arrives percent-encoded in one segment ('/' as %2F); a catch-all keeps it whole.
        endpoints.MapGet("/tags/{**resourceArn}", TagOperations.GetTags);
        endpoints.MapPut("/tags/{**resourceArn}", TagOperations.TagResource);
        endpoints.MapDelete("/tags/{**resourceArn}", TagOperations.UntagResource);
    }
}
