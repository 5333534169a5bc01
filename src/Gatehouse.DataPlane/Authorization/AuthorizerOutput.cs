using System.Text.Json;
using Gatehouse.Identity;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>Which kind of authorizer let a request through.</summary>
public enum AuthorizerKind
{
    Iam,
    Jwt,
    Lambda,

    /// <summary>A REST API's Cognito user pool authorizer: a JWT whose claims go to the integration, without scopes.</summary>
    CognitoUserPool,
}

/// <summary>
/// What an authorizer learned about the caller, for the integration (<c>requestContext.authorizer</c> and
/// <c>requestContext.identity</c> in Lambda events) and for <c>$context.authorizer.*</c> / <c>$context.identity.*</c>.
/// </summary>
public sealed class AuthorizerOutput
{
    public required AuthorizerKind Kind { get; init; }

    /// <summary>IAM: who signed the request.</summary>
    public CallerIdentity? Caller { get; init; }

    /// <summary>IAM: the access key the request was signed with.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>JWT: the token's claims, rendered as strings as AWS renders them.</summary>
    public IReadOnlyDictionary<string, string>? Claims { get; init; }

    /// <summary>JWT: the token's scopes, or null when it has none.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>Lambda: the <c>principalId</c> of an IAM-policy answer.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>Lambda: the answer's <c>context</c> object (an object, or undefined when the answer had none).</summary>
    public JsonElement LambdaContext { get; init; }

    /// <summary>Lambda: how long the authorizer function took, in milliseconds (0 for a cached answer).</summary>
    public long IntegrationLatency { get; init; }

    /// <summary>
    /// <c>$context.authorizer.{name}</c> (and <c>$context.authorizer.claims.{name}</c> for JWT), as a string, or null.
    /// </summary>
    public string? Variable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (Kind)
        {
            case AuthorizerKind.Jwt or AuthorizerKind.CognitoUserPool when name.StartsWith("claims.", StringComparison.Ordinal) && Claims is not null:
                return Claims.GetValueOrDefault(name["claims.".Length..]);
            case AuthorizerKind.Lambda when name == "principalId":
                return PrincipalId;
            case AuthorizerKind.Lambda when LambdaContext.ValueKind == JsonValueKind.Object && LambdaContext.TryGetProperty(name, out var value):
                return value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                };
            case AuthorizerKind.Iam when name == "principalId":
                return Caller?.UserId;
            default:
                return null;
        }
    }
}
