using Gatehouse.DataPlane.Authorization.Iam;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.Authorization.Lambda;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.SigV4;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// Builds the authorize step of each route of a deployment from its authorization type and authorizer, once per
/// deployment; one instance per authorizer is shared by the routes that name it.
/// </summary>
public sealed class RouteAuthorizers(
    DataPlaneOptions options, IStateStore state, SigV4Verifier verifier, CredentialRegistry credentials, JwtValidator jwt,
    ILogger<RouteAuthorizers> logger, IFunctionInvoker? invoker = null)
{
    // One for every AWS_IAM route: it holds no per-route state.
    private readonly IamRouteAuthorizer _iam = new(verifier, credentials, options.Region);

    /// <summary>The AWS_IAM step (SigV4 for <c>execute-api</c>, then the caller's policies on the route ARN), shared by every API kind.</summary>
    public RouteAuthorizer Iam => _iam;

    /// <summary>The authorizers of one deployment, built on first use.</summary>
    public Builder For(DeploymentSnapshot snapshot) => new(this, snapshot);

    public sealed class Builder(RouteAuthorizers owner, DeploymentSnapshot snapshot)
    {
        // One of each per authorizer, shared by the routes that name it.
        private readonly Dictionary<string, LambdaRouteAuthorizer> _lambdas = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (JwtAuthorizer Authorizer, IdentitySource Source)> _jwts = new(StringComparer.Ordinal);

        /// <summary>The route's authorize step, or null for NONE. Throws for a route that names no valid authorizer.</summary>
        public RouteAuthorizer? ForRoute(Route route)
        {
            ArgumentNullException.ThrowIfNull(route);
            switch (route.AuthorizationType)
            {
                case null or AuthorizationTypes.None:
                    return null;
                case AuthorizationTypes.AwsIam:
                    return owner._iam;
                case AuthorizationTypes.Custom:
                    var request = Named(route, AuthorizerTypes.Request);
                    return _lambdas.TryGetValue(request.AuthorizerId, out var lambda) ? lambda : _lambdas[request.AuthorizerId] = owner.Lambda(request);
                case AuthorizationTypes.Jwt:
                    var named = Named(route, AuthorizerTypes.Jwt);
                    if (!_jwts.TryGetValue(named.AuthorizerId, out var jwt))
                    {
                        jwt = _jwts[named.AuthorizerId] = owner.Jwt(named);
                    }

                    // The scopes belong to the route, so each route gets its own step around the shared authorizer.
                    return new JwtRouteAuthorizer(jwt.Authorizer, jwt.Source, route.AuthorizationScopes is { Count: > 0 } scopes ? scopes : null);
                default:
                    throw new InvalidOperationException($"route {route.RouteId}: authorization type {route.AuthorizationType} is not supported");
            }
        }

        private Authorizer Named(Route route, string type) =>
            snapshot.Authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId && a.AuthorizerType == type)
                ?? throw new InvalidOperationException($"route {route.RouteId}: authorizer {route.AuthorizerId} of type {type} is not in the deployment");
    }

    private (JwtAuthorizer Authorizer, IdentitySource Source) Jwt(Authorizer authorizer)
    {
        var configuration = authorizer.JwtConfiguration;
        if (configuration?.Issuer is not { } issuer || authorizer.IdentitySource is not [var expression])
        {
            throw new InvalidOperationException($"authorizer {authorizer.AuthorizerId}: a JWT authorizer needs an issuer and one identity source");
        }

        return (jwt.CreateAuthorizer(new JwtAuthorizerConfig(issuer, configuration.Audience ?? [])), IdentitySource.Parse(expression));
    }

    private LambdaRouteAuthorizer Lambda(Authorizer authorizer)
    {
        if (!LambdaFunctionUri.TryParse(authorizer.AuthorizerUri, out var function, out var error))
        {
            throw new InvalidOperationException($"authorizer {authorizer.AuthorizerId}: {error}");
        }

        return new LambdaRouteAuthorizer(new LambdaAuthorizerConfig
        {
            AuthorizerId = authorizer.AuthorizerId,
            Region = options.Region,
            Function = new StageFunction(function),
            PayloadFormat = authorizer.AuthorizerPayloadFormatVersion == "1.0" ? LambdaPayloadFormat.V1 : LambdaPayloadFormat.V2,
            SimpleResponses = authorizer.EnableSimpleResponses == true && authorizer.AuthorizerPayloadFormatVersion == "2.0",
            ResultTtl = TimeSpan.FromSeconds(authorizer.AuthorizerResultTtlInSeconds ?? 0),
            IdentitySources = [.. (authorizer.IdentitySource ?? []).Select(IdentitySource.Parse)],
        }, invoker, state, logger);
    }
}
