using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Authorization.Jwt;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// A method guarded by a <c>COGNITO_USER_POOLS</c> authorizer (facts §7.4): the token from the identity source (raw or
/// <c>Bearer</c>) must be signed by one of the authorizer's user pools (its issuer's keys), unexpired, and of the
/// right kind: an ID token when the method has no <c>authorizationScopes</c>, else an access token carrying one of
/// them. Any app client of the pool may have obtained it (no audience check). Every refusal is 401
/// <c>Unauthorized</c>; the claims go to the integration (<c>requestContext.authorizer.claims</c>,
/// <c>$context.authorizer.claims.*</c>).
/// </summary>
public sealed class RestCognitoAuthorizer(IReadOnlyList<JwtAuthorizer> pools, RestIdentitySource identitySource, IReadOnlyList<string>? scopes)
    : RestMethodAuthorizer
{
    private readonly IReadOnlyList<string>? _scopes = scopes is { Count: > 0 } ? scopes : null;

    public override async ValueTask<RestAuthorization> AuthorizeAsync(HttpContext httpContext, RequestContext context, RestRequestState state)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        if (identitySource.Evaluate(httpContext.Request, context, state) is not { } identity)
        {
            return RestAuthorization.Denied(RestGatewayError.Unauthorized, $"The identity source {identitySource.Expression} is missing.");
        }

        JwtAuthorizationResult? result = null;
        foreach (var pool in pools)
        {
            result = await pool.AuthorizeAsync(identity, _scopes, httpContext.RequestAborted);
            if (result.Rejection is not (JwtRejection.InvalidIssuer or JwtRejection.UnknownKey))
            {
                break; // the token's pool answered (an unknown key or another issuer may mean another of the authorizer's pools)
            }
        }

        if (result is not { IsAuthorized: true, Claims: { } claims })
        {
            return RestAuthorization.Denied(RestGatewayError.Unauthorized, result?.ErrorDescription ?? "Unauthorized");
        }

        var expected = _scopes is null ? "id" : "access";
        if (claims.GetValueOrDefault("token_use") != expected)
        {
            return RestAuthorization.Denied(RestGatewayError.Unauthorized, $"The method accepts {expected} tokens only.");
        }

        return RestAuthorization.Allowed(new AuthorizerOutput { Kind = AuthorizerKind.CognitoUserPool, Claims = claims });
    }
}
