using Gatehouse.DataPlane.Integrations.Lambda;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>A Lambda (REQUEST) authorizer of an HTTP API, prepared once per deployment.</summary>
public sealed record LambdaAuthorizerConfig
{
    public required string AuthorizerId { get; init; }

    public required string Region { get; init; }

    public required StageFunction Function { get; init; }

    public required LambdaPayloadFormat PayloadFormat { get; init; }

    /// <summary>2.0's <c>enableSimpleResponses</c>: the answer is <c>{"isAuthorized": bool}</c>, not a policy.</summary>
    public bool SimpleResponses { get; init; }

    /// <summary><c>authorizerResultTtlInSeconds</c>; zero disables the cache.</summary>
    public TimeSpan ResultTtl { get; init; }

    /// <summary>How long HTTP APIs wait for a Lambda authorizer: 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public IdentitySource[] IdentitySources { get; init; } = [];

    public bool CachesResults => ResultTtl > TimeSpan.Zero;
}
