namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// A token whose signature and claims checked out, with everything an authorized request needs already built: the
/// rendered claims and the two answers (for routes with and without <c>authorizationScopes</c>).
/// </summary>
internal sealed class ValidatedToken
{
    private readonly JwtAuthorizationResult _withoutRouteScopes;
    private readonly JwtAuthorizationResult _withRouteScopes;

    public ValidatedToken(IReadOnlyDictionary<string, string> claims, IReadOnlyList<string> scopes, DateTimeOffset expires)
    {
        Scopes = scopes;
        Expires = expires;
        _withoutRouteScopes = JwtAuthorizationResult.Authorized(claims, null);
        _withRouteScopes = JwtAuthorizationResult.Authorized(claims, scopes);
    }

    public IReadOnlyList<string> Scopes { get; }

    /// <summary>The token's <c>exp</c>.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>The answer for a route: authorized, or 403 when the route has scopes and the token none of them.</summary>
    public JwtAuthorizationResult Decide(IReadOnlyList<string>? routeScopes)
    {
        if (routeScopes is null || routeScopes.Count == 0)
        {
            return _withoutRouteScopes;
        }

        return TokenScopes.ContainsAny(Scopes, routeScopes)
            ? _withRouteScopes
            : JwtAuthorizationResult.Forbidden(JwtRejections.InsufficientScope(routeScopes));
    }
}
