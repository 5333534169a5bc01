using Gatehouse.Model.HttpApis;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>
/// Checks a route's authorization as it will be stored: its type, the authorizer it names (which must exist and be of
/// the matching type: JWT with JWT, CUSTOM with REQUEST) and its scopes (JWT only).
/// </summary>
internal static class RouteAuthorization
{
    public const int MaxScopes = 10;
    public const int MaxScopeLength = 64;

    // AWS's own texts (sst #4097, terraform-provider-aws #17497, aws-cdk #27576).
    public const string JwtAuthorizerRequired =
        "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.";

    public const string CustomAuthorizerRequired =
        "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

    public const string ScopesNeedJwt =
        "Invalid Route authorization type specified. Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types";

    public static void Validate(Validation validation, ApiDocument document, Route route)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(route);
        var type = route.AuthorizationType ?? AuthorizationTypes.None;
        if (!AuthorizationTypes.All.Contains(type, StringComparer.Ordinal))
        {
            validation.Add($"Invalid AuthorizationType '{type}': must be one of [{string.Join(", ", AuthorizationTypes.All)}]");
            return;
        }

        var required = AuthorizationTypes.RequiredAuthorizerType(type);
        if (required is null)
        {
            validation.Require(route.AuthorizerId is null,
                $"AuthorizerId cannot be set on a route whose AuthorizationType is {type}: only JWT and CUSTOM routes name an authorizer");
        }
        else
        {
            var authorizer = route.AuthorizerId is null ? null : document.FindAuthorizer(route.AuthorizerId);
            validation.Require(authorizer?.AuthorizerType == required,
                type == AuthorizationTypes.Jwt ? JwtAuthorizerRequired : CustomAuthorizerRequired);
        }

        var scopes = route.AuthorizationScopes ?? [];
        if (scopes.Count > 0)
        {
            validation.Require(type == AuthorizationTypes.Jwt, ScopesNeedJwt);
            validation.Require(scopes.Count <= MaxScopes, $"AuthorizationScopes must hold at most {MaxScopes} scopes");
            foreach (var scope in scopes)
            {
                validation.Require(scope.Length is > 0 and <= MaxScopeLength,
                    $"Invalid AuthorizationScopes entry '{scope}': scopes are 1 to {MaxScopeLength} characters long");
            }
        }
    }
}
