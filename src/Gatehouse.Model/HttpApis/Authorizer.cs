namespace Gatehouse.Model.HttpApis;

/// <summary>
/// An HTTP API's authorizer, with the members of botocore's Authorizer shape (JSON names are their camelCase).
/// A JWT authorizer has <see cref="JwtConfiguration"/> and one identity source; a REQUEST (Lambda) authorizer has
/// <see cref="AuthorizerUri"/>, a payload format version, a result TTL and <see cref="EnableSimpleResponses"/>.
/// </summary>
public sealed record Authorizer
{
    public required string AuthorizerId { get; init; }
    public required string Name { get; init; }

    /// <summary><see cref="AuthorizerTypes.Jwt"/> or <see cref="AuthorizerTypes.Request"/>.</summary>
    public required string AuthorizerType { get; init; }

    /// <summary>An IAM role for API Gateway to invoke the Lambda function with (REQUEST only).</summary>
    public string? AuthorizerCredentialsArn { get; init; }

    /// <summary><c>1.0</c> or <c>2.0</c>: the event sent to the Lambda function and the answer expected (REQUEST only).</summary>
    public string? AuthorizerPayloadFormatVersion { get; init; }

    /// <summary>How long a REQUEST authorizer's answer is cached, keyed by the identity source values; 0 disables caching.</summary>
    public int? AuthorizerResultTtlInSeconds { get; init; }

    /// <summary>
    /// The Lambda invocation URI (REQUEST only):
    /// <c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations</c>, parsed by
    /// <see cref="LambdaFunctionUri"/>; the function name and qualifier may hold <c>${stageVariables.x}</c>.
    /// </summary>
    public string? AuthorizerUri { get; init; }

    /// <summary>True when the function answers <c>{"isAuthorized": bool, "context": {...}}</c> (payload 2.0 only).</summary>
    public bool? EnableSimpleResponses { get; init; }

    /// <summary>Where the identity comes from, each parsed by <see cref="IdentitySourceExpression"/>.</summary>
    public IReadOnlyList<string>? IdentitySource { get; init; }

    /// <summary>Not used by HTTP APIs (the control plane refuses it); kept so the shape is botocore's whole.</summary>
    public string? IdentityValidationExpression { get; init; }

    public JwtConfiguration? JwtConfiguration { get; init; }
}

/// <summary>What a JWT authorizer checks: the token's <c>iss</c> and its <c>aud</c> (or <c>client_id</c>).</summary>
public sealed record JwtConfiguration
{
    public IReadOnlyList<string>? Audience { get; init; }

    /// <summary>The issuer URL; its OIDC discovery document (<c>{issuer}/.well-known/openid-configuration</c>) names the keys.</summary>
    public string? Issuer { get; init; }
}

/// <summary>The values of <see cref="Authorizer.AuthorizerType"/>.</summary>
public static class AuthorizerTypes
{
    public const string Jwt = "JWT";
    public const string Request = "REQUEST";
}
