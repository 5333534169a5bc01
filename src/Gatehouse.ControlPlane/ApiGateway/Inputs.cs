using Gatehouse.Model.RestApis;

namespace Gatehouse.ControlPlane.ApiGateway;

// The apigateway (v1) request bodies, as botocore's model names them.
#pragma warning disable CA1812 // instantiated by the JSON deserializer

internal sealed class CreateRestApiInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Version { get; set; }
    public string? CloneFrom { get; set; }
    public List<string>? BinaryMediaTypes { get; set; }
    public int? MinimumCompressionSize { get; set; }
    public string? ApiKeySource { get; set; }
    public EndpointConfigurationInput? EndpointConfiguration { get; set; }
    public string? Policy { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
}

internal sealed class EndpointConfigurationInput
{
    public List<string>? Types { get; set; }
    public string? IpAddressType { get; set; }
    public List<string>? VpcEndpointIds { get; set; }
}

internal sealed class CreateResourceInput
{
    public string? PathPart { get; set; }
}

internal sealed class PutMethodInput
{
    public string? AuthorizationType { get; set; }
    public string? AuthorizerId { get; set; }
    public bool? ApiKeyRequired { get; set; }
    public string? OperationName { get; set; }
    public Dictionary<string, bool>? RequestParameters { get; set; }
    public Dictionary<string, string>? RequestModels { get; set; }
    public string? RequestValidatorId { get; set; }
    public List<string>? AuthorizationScopes { get; set; }
}

internal sealed class PutMethodResponseInput
{
    public Dictionary<string, bool>? ResponseParameters { get; set; }
    public Dictionary<string, string>? ResponseModels { get; set; }
}

internal sealed class PutIntegrationInput
{
    public string? Type { get; set; }
    public string? HttpMethod { get; set; }
    public string? Uri { get; set; }
    public string? ConnectionType { get; set; }
    public string? ConnectionId { get; set; }
    public string? Credentials { get; set; }
    public Dictionary<string, string>? RequestParameters { get; set; }
    public Dictionary<string, string>? RequestTemplates { get; set; }
    public string? PassthroughBehavior { get; set; }
    public string? CacheNamespace { get; set; }
    public List<string>? CacheKeyParameters { get; set; }
    public string? ContentHandling { get; set; }
    public int? TimeoutInMillis { get; set; }
    public TlsConfig? TlsConfig { get; set; }
}

internal sealed class PutIntegrationResponseInput
{
    public string? SelectionPattern { get; set; }
    public Dictionary<string, string>? ResponseParameters { get; set; }
    public Dictionary<string, string>? ResponseTemplates { get; set; }
    public string? ContentHandling { get; set; }
}

internal sealed class CreateModelInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Schema { get; set; }
    public string? ContentType { get; set; }
}

internal sealed class CreateRequestValidatorInput
{
    public string? Name { get; set; }
    public bool? ValidateRequestBody { get; set; }
    public bool? ValidateRequestParameters { get; set; }
}

internal sealed class CreateAuthorizerInput
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public List<string>? ProviderARNs { get; set; }
    public string? AuthType { get; set; }
    public string? AuthorizerUri { get; set; }
    public string? AuthorizerCredentials { get; set; }
    public string? IdentitySource { get; set; }
    public string? IdentityValidationExpression { get; set; }
    public int? AuthorizerResultTtlInSeconds { get; set; }
}

internal sealed class PutGatewayResponseInput
{
    public string? StatusCode { get; set; }
    public Dictionary<string, string>? ResponseParameters { get; set; }
    public Dictionary<string, string>? ResponseTemplates { get; set; }
}

internal sealed class CreateDeploymentInput
{
    public string? StageName { get; set; }
    public string? StageDescription { get; set; }
    public string? Description { get; set; }
    public bool? CacheClusterEnabled { get; set; }
    public string? CacheClusterSize { get; set; }
    public Dictionary<string, string>? Variables { get; set; }
    public object? CanarySettings { get; set; }
    public bool? TracingEnabled { get; set; }
}

internal sealed class CreateStageInput
{
    public string? StageName { get; set; }
    public string? DeploymentId { get; set; }
    public string? Description { get; set; }
    public bool? CacheClusterEnabled { get; set; }
    public string? CacheClusterSize { get; set; }
    public Dictionary<string, string>? Variables { get; set; }
    public string? DocumentationVersion { get; set; }
    public object? CanarySettings { get; set; }
    public bool? TracingEnabled { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class TagResourceInput
{
    public Dictionary<string, string>? Tags { get; set; }
}
