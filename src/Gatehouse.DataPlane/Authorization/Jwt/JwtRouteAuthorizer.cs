using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// A route guarded by a JWT authorizer: the token from the authorizer's identity source, checked by
/// <see cref="JwtAuthorizer"/> against the route's <c>authorizationScopes</c>; claims and scopes go to the integration.
/// </summary>
public sealed class JwtRouteAuthorizer(JwtAuthorizer authorizer, IdentitySource identitySource, IReadOnlyList<string>? scopes) : RouteAuthorizer
{
    public override async ValueTask<AuthorizationResult> AuthorizeAsync(HttpContext httpContext, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        var identity = identitySource.Evaluate(context, httpContext.Request);
        var result = await authorizer.AuthorizeAsync(identity, scopes, httpContext.RequestAborted);
        if (!result.IsAuthorized)
        {
            return AuthorizationResult.Denied(
                result.Outcome == JwtAuthorizationOutcome.Forbidden ? Responses.GatewayResponse.Forbidden : Responses.GatewayResponse.Unauthorized,
                result.ErrorDescription ?? "Unauthorized",
                result.WwwAuthenticate);
        }

        return AuthorizationResult.Allowed(new AuthorizerOutput
        {
            Kind = AuthorizerKind.Jwt,
            Claims = result.Claims,
            Scopes = result.Scopes,
        });
    }
}
