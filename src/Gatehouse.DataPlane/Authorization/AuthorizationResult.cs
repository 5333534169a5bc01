using Gatehouse.DataPlane.Responses;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// An authorizer's verdict: through (with what it learned), or the gateway's answer that ends the request. A value,
/// not an exception: denials are expected outcomes.
/// </summary>
public readonly record struct AuthorizationResult
{
    private AuthorizationResult(AuthorizerOutput? output, GatewayResponse? denial, string? wwwAuthenticate, string? error,
        ReadOnlyMemory<byte>? body = null, string? errorType = null)
    {
        Output = output;
        Denial = denial;
        WwwAuthenticate = wwwAuthenticate;
        Error = error;
        Body = body;
        ErrorType = errorType;
    }

    public AuthorizerOutput? Output { get; }

    /// <summary>The answer that ends the request (401, 403 or 500), or null when the request may go on.</summary>
    public GatewayResponse? Denial { get; }

    /// <summary>The <c>www-authenticate</c> header a JWT authorizer's denial carries.</summary>
    public string? WwwAuthenticate { get; }

    /// <summary>Why, for <c>$context.authorizer.error</c> and the logs; never a secret.</summary>
    public string? Error { get; }

    /// <summary>A body other than the denial's own (IAM's signature and policy texts), or null.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>The <c>x-amzn-ErrorType</c> header of the denial (IAM's), or null.</summary>
    public string? ErrorType { get; }

    public bool IsAllowed => Denial is null;

    public static AuthorizationResult Allowed(AuthorizerOutput output) => new(output, null, null, null);

    public static AuthorizationResult Denied(GatewayResponse response, string error, string? wwwAuthenticate = null,
        ReadOnlyMemory<byte>? body = null, string? errorType = null) =>
        new(null, response, wwwAuthenticate, error, body, errorType);
}
