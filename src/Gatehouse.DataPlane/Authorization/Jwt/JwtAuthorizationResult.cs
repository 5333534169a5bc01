using System.Collections.Frozen;
using System.Text;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// A JWT authorizer's decision. Authorized carries what the integration receives: the claims (payload 2.0
/// <c>requestContext.authorizer.jwt.claims</c>, payload 1.0 <c>requestContext.authorizer.claims</c>, and
/// <c>$context.authorizer.claims.*</c>) and the scopes (<c>requestContext.authorizer.jwt.scopes</c>). Refusals carry the
/// status, AWS's body and the <c>www-authenticate</c> header value.
/// </summary>
public sealed class JwtAuthorizationResult
{
    private static readonly ReadOnlyMemory<byte> UnauthorizedBody = Encoding.UTF8.GetBytes("{\"message\":\"Unauthorized\"}");
    private static readonly ReadOnlyMemory<byte> ForbiddenBody = Encoding.UTF8.GetBytes("{\"message\":\"Forbidden\"}");

    private JwtAuthorizationResult(
        JwtAuthorizationOutcome outcome,
        JwtRejection? rejection,
        IReadOnlyDictionary<string, string>? claims,
        IReadOnlyList<string>? scopes,
        string? wwwAuthenticate)
    {
        Outcome = outcome;
        Rejection = rejection;
        Claims = claims;
        Scopes = scopes;
        WwwAuthenticate = wwwAuthenticate;
    }

    /// <summary>Refused without a token: AWS answers 401 and Gatehouse sends no challenge header.</summary>
    internal static JwtAuthorizationResult MissingIdentity { get; } =
        new(JwtAuthorizationOutcome.Unauthorized, JwtRejection.MissingIdentity, null, null, null);

    private static readonly FrozenDictionary<JwtRejection, JwtAuthorizationResult> UnauthorizedResults = Enum.GetValues<JwtRejection>()
        .Where(rejection => rejection is not (JwtRejection.MissingIdentity or JwtRejection.InsufficientScope))
        .ToFrozenDictionary(
            rejection => rejection,
            rejection => new JwtAuthorizationResult(JwtAuthorizationOutcome.Unauthorized, rejection, null, null, JwtRejections.Challenge(rejection)));

    public JwtAuthorizationOutcome Outcome { get; }

    public bool IsAuthorized => Outcome == JwtAuthorizationOutcome.Authorized;

    /// <summary>Why the request was refused; null when authorized.</summary>
    public JwtRejection? Rejection { get; }

    /// <summary>200 when authorized (the integration decides the real status), else 401 or 403.</summary>
    public int StatusCode => Outcome switch
    {
        JwtAuthorizationOutcome.Unauthorized => 401,
        JwtAuthorizationOutcome.Forbidden => 403,
        _ => 200,
    };

    /// <summary>AWS's body for a refusal; empty when authorized.</summary>
    public ReadOnlyMemory<byte> Body => Outcome switch
    {
        JwtAuthorizationOutcome.Unauthorized => UnauthorizedBody,
        JwtAuthorizationOutcome.Forbidden => ForbiddenBody,
        _ => ReadOnlyMemory<byte>.Empty,
    };

    /// <summary>The token's claims, every value a string rendered as AWS renders it (see <c>JwtClaimRenderer</c>).</summary>
    public IReadOnlyDictionary<string, string>? Claims { get; }

    /// <summary>
    /// The token's scopes (<c>scope</c> split on spaces, then <c>scp</c>) when the route has
    /// <c>authorizationScopes</c>; null otherwise, as AWS sends <c>"scopes": null</c> for routes without scopes.
    /// </summary>
    public IReadOnlyList<string>? Scopes { get; }

    /// <summary>The <c>www-authenticate</c> header value of a refusal; null when none is sent.</summary>
    public string? WwwAuthenticate { get; }

    /// <summary>The <c>error_description</c> of a refusal (for <c>$context.authorizer.error</c> and logs).</summary>
    public string? ErrorDescription => Rejection is { } rejection ? JwtRejections.Describe(rejection) : null;

    internal static JwtAuthorizationResult Authorized(IReadOnlyDictionary<string, string> claims, IReadOnlyList<string>? scopes) =>
        new(JwtAuthorizationOutcome.Authorized, null, claims, scopes, null);

    /// <summary>The 401 for a rejection; one shared instance each, so refusing allocates nothing.</summary>
    internal static JwtAuthorizationResult Unauthorized(JwtRejection rejection) => UnauthorizedResults[rejection];

    internal static JwtAuthorizationResult Forbidden(string challenge) =>
        new(JwtAuthorizationOutcome.Forbidden, JwtRejection.InsufficientScope, null, null, challenge);

    public override string ToString() => Rejection is { } rejection ? $"{Outcome} ({rejection})" : Outcome.ToString();
}
