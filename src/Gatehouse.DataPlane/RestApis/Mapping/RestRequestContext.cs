namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The <c>$context</c> variables of a REST API request (developer guide: api-gateway-mapping-template-reference,
/// "$context Variables for data models, authorizers, mapping templates, and access logging"). Null members are
/// absent: a template renders them as nothing and a <c>context.x</c> mapping maps nothing.
/// </summary>
public sealed record RestRequestContext
{
    public required string RequestId { get; init; }
    public string? ExtendedRequestId { get; init; }
    public required string AccountId { get; init; }
    public required string ApiId { get; init; }
    public string? DeploymentId { get; init; }
    public string? DomainName { get; init; }
    public string? DomainPrefix { get; init; }
    public required string HttpMethod { get; init; }

    /// <summary>The resource's id.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The resource's path template, e.g. <c>/pets/{petId}</c>.</summary>
    public required string ResourcePath { get; init; }

    /// <summary>The request path with the stage, e.g. <c>/prod/pets/1</c>.</summary>
    public required string Path { get; init; }

    public string Protocol { get; init; } = "HTTP/1.1";
    public required string Stage { get; init; }

    /// <summary>CLF-formatted time (<c>dd/MMM/yyyy:HH:mm:ss +0000</c>).</summary>
    public required string RequestTime { get; init; }

    /// <summary>Epoch milliseconds.</summary>
    public long RequestTimeEpoch { get; init; }

    public RestIdentity Identity { get; init; } = new();

    /// <summary><c>$context.authorizer.*</c>: <c>principalId</c>, a Lambda authorizer's context values, or
    /// <c>claims</c> (a map) from a Cognito authorizer. Values are strings, numbers, booleans or nested maps.</summary>
    public IReadOnlyDictionary<string, object?>? Authorizer { get; init; }

    public bool IsCanaryRequest { get; init; }
}

/// <summary><c>$context.identity.*</c>.</summary>
public sealed record RestIdentity
{
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
    public string? AccountId { get; init; }
    public string? ApiKey { get; init; }
    public string? ApiKeyId { get; init; }
    public string? Caller { get; init; }
    public string? CognitoAuthenticationProvider { get; init; }
    public string? CognitoAuthenticationType { get; init; }
    public string? CognitoIdentityId { get; init; }
    public string? CognitoIdentityPoolId { get; init; }
    public string? PrincipalOrgId { get; init; }
    public string? User { get; init; }
    public string? UserArn { get; init; }
}
