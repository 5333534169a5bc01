using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>The apigatewayv2 operations on the URIs of botocore's model.</summary>
public static class ApiGatewayV2Endpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var v2 = endpoints.MapGroup("/v2");

        v2.MapPost("/apis", ApiOperations.CreateApi);
        v2.MapGet("/apis", ApiOperations.GetApis);
        v2.MapGet("/apis/{apiId}", ApiOperations.GetApi);
        v2.MapPatch("/apis/{apiId}", ApiOperations.UpdateApi);
        v2.MapDelete("/apis/{apiId}", ApiOperations.DeleteApi);
        v2.MapDelete("/apis/{apiId}/cors", ApiOperations.DeleteCorsConfiguration);

        v2.MapPost("/apis/{apiId}/routes", RouteOperations.CreateRoute);
        v2.MapGet("/apis/{apiId}/routes", RouteOperations.GetRoutes);
        v2.MapGet("/apis/{apiId}/routes/{routeId}", RouteOperations.GetRoute);
        v2.MapPatch("/apis/{apiId}/routes/{routeId}", RouteOperations.UpdateRoute);
        v2.MapDelete("/apis/{apiId}/routes/{routeId}", RouteOperations.DeleteRoute);
        v2.MapDelete("/apis/{apiId}/routes/{routeId}/requestparameters/{requestParameterKey}", RouteOperations.DeleteRouteRequestParameter);

        v2.MapPost("/apis/{apiId}/integrations", IntegrationOperations.CreateIntegration);
        v2.MapGet("/apis/{apiId}/integrations", IntegrationOperations.GetIntegrations);
        v2.MapGet("/apis/{apiId}/integrations/{integrationId}", IntegrationOperations.GetIntegration);
        v2.MapPatch("/apis/{apiId}/integrations/{integrationId}", IntegrationOperations.UpdateIntegration);
        v2.MapDelete("/apis/{apiId}/integrations/{integrationId}", IntegrationOperations.DeleteIntegration);

        v2.MapPost("/apis/{apiId}/authorizers", AuthorizerOperations.CreateAuthorizer);
        v2.MapGet("/apis/{apiId}/authorizers", AuthorizerOperations.GetAuthorizers);
        v2.MapGet("/apis/{apiId}/authorizers/{authorizerId}", AuthorizerOperations.GetAuthorizer);
        v2.MapPatch("/apis/{apiId}/authorizers/{authorizerId}", AuthorizerOperations.UpdateAuthorizer);
        v2.MapDelete("/apis/{apiId}/authorizers/{authorizerId}", AuthorizerOperations.DeleteAuthorizer);

        v2.MapPost("/apis/{apiId}/stages", StageOperations.CreateStage);
        v2.MapGet("/apis/{apiId}/stages", StageOperations.GetStages);
        v2.MapGet("/apis/{apiId}/stages/{stageName}", StageOperations.GetStage);
        v2.MapPatch("/apis/{apiId}/stages/{stageName}", StageOperations.UpdateStage);
        v2.MapDelete("/apis/{apiId}/stages/{stageName}", StageOperations.DeleteStage);
        v2.MapDelete("/apis/{apiId}/stages/{stageName}/accesslogsettings", StageOperations.DeleteAccessLogSettings);
        v2.MapDelete("/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}", StageOperations.DeleteRouteSettings);

        v2.MapPost("/apis/{apiId}/deployments", DeploymentOperations.CreateDeployment);
        v2.MapGet("/apis/{apiId}/deployments", DeploymentOperations.GetDeployments);
        v2.MapGet("/apis/{apiId}/deployments/{deploymentId}", DeploymentOperations.GetDeployment);
        v2.MapPatch("/apis/{apiId}/deployments/{deploymentId}", DeploymentOperations.UpdateDeployment);
        v2.MapDelete("/apis/{apiId}/deployments/{deploymentId}", DeploymentOperations.DeleteDeployment);

        // The ARN arrives percent-encoded in one segment ('/' as %2F); a catch-all keeps it whole.
        v2.MapGet("/tags/{**resourceArn}", TagOperations.GetTags);
        v2.MapPost("/tags/{**resourceArn}", TagOperations.TagResource);
        v2.MapDelete("/tags/{**resourceArn}", TagOperations.UntagResource);
    }
}
