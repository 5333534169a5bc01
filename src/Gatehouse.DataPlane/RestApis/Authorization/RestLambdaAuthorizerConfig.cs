using System.Text.RegularExpressions;
using Gatehouse.DataPlane.Integrations.Lambda;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>A REST API's Lambda authorizer (TOKEN or REQUEST), prepared once per deployment.</summary>
public sealed record RestLambdaAuthorizerConfig
{
    public required string AuthorizerId { get; init; }

    /// <summary>TOKEN: one header, its value the event's <c>authorizationToken</c>; REQUEST: the proxy event.</summary>
    public required bool IsToken { get; init; }

    public required string Region { get; init; }

    public required StageFunction Function { get; init; }

    /// <summary><c>authorizerResultTtlInSeconds</c>; zero disables the cache.</summary>
    public TimeSpan ResultTtl { get; init; }

    /// <summary>
    /// How long the gateway waits for the authorizer function. AWS documents no limit of its own for REST authorizers;
    /// an integration's greatest timeout, 29 seconds, bounds it.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(29);

    public IReadOnlyList<RestIdentitySource> IdentitySources { get; init; } = [];

    /// <summary>A TOKEN authorizer's <c>identityValidationExpression</c>, matched against the whole token; null when none.</summary>
    public Regex? ValidationExpression { get; init; }

    public bool CachesResults => ResultTtl > TimeSpan.Zero && IdentitySources.Count > 0;
}
