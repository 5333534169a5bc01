using Gatehouse.DataPlane.Authorization;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// A REST method's authorization verdict: through, with what the authorizer learned about the caller, or the gateway
/// error that ends the request. A value, not an exception: refusals are expected outcomes.
/// </summary>
public readonly record struct RestAuthorization
{
    private RestAuthorization(AuthorizerOutput? output, RestGatewayError? denial, string? error)
    {
        Output = output;
        Denial = denial;
        Error = error;
    }

    public AuthorizerOutput? Output { get; }

    /// <summary>The gateway error that ends the request; null when it may go on.</summary>
    public RestGatewayError? Denial { get; }

    /// <summary>Why, for <c>$context.authorizer.error</c> and the logs; never a token or a secret.</summary>
    public string? Error { get; }

    public bool IsAllowed => Denial is null;

    public static RestAuthorization Allowed(AuthorizerOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new(output, null, null);
    }

    public static RestAuthorization Denied(RestGatewayError denial, string error)
    {
        ArgumentNullException.ThrowIfNull(denial);
        return new(null, denial, error);
    }
}
