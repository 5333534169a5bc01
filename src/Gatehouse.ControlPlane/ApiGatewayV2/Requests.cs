using Gatehouse.Model.HttpApis;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

// The apigatewayv2 request bodies, as botocore's model names them. Members are nullable: on an update, a member
// that is absent keeps its value.
#pragma warning disable CA1812 // instantiated by the JSON deserializer

internal sealed class ApiInput
{
    public string? Name { get; set; }
    public string? ProtocolType { get; set; }
    public string? ApiKeySelectionExpression { get; set; }
    public Cors? CorsConfiguration { get; set; }
    public string? CredentialsArn { get; set; }
    public string? Description { get; set; }
    public bool? DisableSchemaValidation { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
    public string? RouteKey { get; set; }
    public string? RouteSelectionExpression { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public string? Target { get; set; }
    public string? Version { get; set; }
}

internal sealed class RouteInput
{
    public bool? ApiKeyRequired { get; set; }
    public List<string>? AuthorizationScopes { get; set; }
    public string? AuthorizationType { get; set; }
    public string? AuthorizerId { get; set; }
    public string? ModelSelectionExpression { get; set; }
    public string? OperationName { get; set; }
    public Dictionary<string, string>? RequestModels { get; set; }
    public Dictionary<string, ParameterConstraints>? RequestParameters { get; set; }
    public string? RouteKey { get; set; }
    public string? RouteResponseSelectionExpression { get; set; }
    public string? Target { get; set; }
}

internal sealed class AuthorizerInput
{
    public string? AuthorizerCredentialsArn { get; set; }
    public string? AuthorizerPayloadFormatVersion { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }
    public string? AuthorizerType { get; set; }
    public string? AuthorizerUri { get; set; }
    public bool? EnableSimpleResponses { get; set; }
    public List<string>? IdentitySource { get; set; }
    public string? IdentityValidationExpression { get; set; }
    public JwtConfiguration? JwtConfiguration { get; set; }
    public string? Name { get; set; }
}

internal sealed class IntegrationInput
{
    public string? ConnectionId { get; set; }
    public string? ConnectionType { get; set; }
    public string? ContentHandlingStrategy { get; set; }
    public string? CredentialsArn { get; set; }
    public string? Description { get; set; }
    public string? IntegrationMethod { get; set; }
    public string? IntegrationSubtype { get; set; }
    public string? IntegrationType { get; set; }
    public string? IntegrationUri { get; set; }
    public string? PassthroughBehavior { get; set; }
    public string? PayloadFormatVersion { get; set; }
    public Dictionary<string, string>? RequestParameters { get; set; }
    public Dictionary<string, string>? RequestTemplates { get; set; }
    public Dictionary<string, Dictionary<string, string>>? ResponseParameters { get; set; }
    public string? TemplateSelectionExpression { get; set; }
    public int? TimeoutInMillis { get; set; }
    public TlsConfig? TlsConfig { get; set; }
}

internal sealed class StageInput
{
    public AccessLogSettings? AccessLogSettings { get; set; }
    public bool? AutoDeploy { get; set; }
    public string? ClientCertificateId { get; set; }
    public RouteSettings? DefaultRouteSettings { get; set; }
    public string? DeploymentId { get; set; }
    public string? Description { get; set; }
    public Dictionary<string, RouteSettings>? RouteSettings { get; set; }
    public string? StageName { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class DeploymentInput
{
    public string? Description { get; set; }
    public string? StageName { get; set; }
}

internal sealed class TagsInput
{
    public Dictionary<string, string>? Tags { get; set; }
}
