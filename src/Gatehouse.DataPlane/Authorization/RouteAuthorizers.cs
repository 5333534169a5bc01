using Gatehouse.DataPlane.Authorization.Iam;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.Authorization.Lambda;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.SigV4;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Microsoft.AspNetCore.Http;
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

    /// <summary>The authorizers of one deployment, built on first use.</summary>
    public Builder For(DeploymentSnapshot snapshot) => new(this, snapshot);

    public sealed class Builder(RouteAuthorizers owner, DeploymentSnapshot snapshot)
    {
        private readonly Dictionary<string, RouteAuthorizer> _byAuthorizerId = new(StringComparer.Ordinal);

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
                    return Named(route, AuthorizerTypes.Request);
                case AuthorizationTypes.Jwt:
                    // The scopes belong to the route, so each route gets its own step around the shared authorizer.
                    var authorizer = (JwtAuthorizerStep)Named(route, AuthorizerTypes.Jwt);
                    return new JwtRouteAuthorizer(authorizer.Authorizer, authorizer.IdentitySource, route.AuthorizationScopes is { Count: > 0 } scopes ? scopes : null);
                default:
                    throw new InvalidOperationException($"route {route.RouteId}: authorization type {route.AuthorizationType} is not supported");
            }
        }

        private RouteAuthorizer Named(Route route, string type)
        {
            var authorizer = snapshot.Authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId && a.AuthorizerType == type)
                ?? throw new InvalidOperationException($"route {route.RouteId}: authorizer {route.AuthorizerId} of type {type} is not in the deployment");
            if (!_byAuthorizerId.TryGetValue(authorizer.AuthorizerId, out var built))
            {
                built = _byAuthorizerId[authorizer.AuthorizerId] = type == AuthorizerTypes.Jwt ? owner.Jwt(authorizer) : owner.Lambda(authorizer);
            }

            return built;
        }
    }

    private JwtAuthorizerStep Jwt(Authorizer authorizer)
    {
        var configuration = authorizer.JwtConfiguration;
        if (configuration?.Issuer is not { } issuer || authorizer.IdentitySource is not [var expression])
        {
            throw new InvalidOperationException($"authorizer {authorizer.AuthorizerId}: a JWT authorizer needs an issuer and one identity source");
        }

        return new JwtAuthorizerStep(jwt.CreateAuthorizer(new JwtAuthorizerConfig(issuer, configuration.Audience ?? [])), IdentitySource.Parse(expression));
    }

    /// <summary>A deployment's JWT authorizer, shared by its routes; never run itself (routes wrap it with their scopes).</summary>
    private sealed class JwtAuthorizerStep(JwtAuthorizer authorizer, IdentitySource identitySource) : RouteAuthorizer
    {
        public JwtAuthorizer Authorizer { get; } = authorizer;

        public IdentitySource IdentitySource { get; } = identitySource;

        public override ValueTask<AuthorizationResult> AuthorizeAsync(HttpContext httpContext, RequestContext context) =>
            throw new InvalidOperationException("a JWT authorizer runs through a route's JwtRouteAuthorizer");
    }

    private LambdaRouteAuthorizer Lambda(Authorizer authorizer)
    {
        if (!LambdaFunctionUri.TryParse(authorizer.AuthorizerUri, out var function, out var error))
        {
            throw new InvalidOperationException($"authorizer {authorizer.AuthorizerId}: {error}");
        }

        var sources = (authorizer.IdentitySource ?? []).Select(expression =>
            IdentitySourceExpression.TryParse(expression, out var source, out var problem)
                ? new IdentitySource(source)
                : throw new InvalidOperationException($"authorizer {authorizer.AuthorizerId}: {problem}")).ToArray();
        return new LambdaRouteAuthorizer(new LambdaAuthorizerConfig
        {
            AuthorizerId = authorizer.AuthorizerId,
            Region = options.Region,
            Function = new StageFunction(function),
            PayloadFormat = authorizer.AuthorizerPayloadFormatVersion == "1.0" ? LambdaPayloadFormat.V1 : LambdaPayloadFormat.V2,
            SimpleResponses = authorizer.EnableSimpleResponses == true && authorizer.AuthorizerPayloadFormatVersion == "2.0",
            ResultTtl = TimeSpan.FromSeconds(authorizer.AuthorizerResultTtlInSeconds ?? 0),
            IdentitySources = sources,
        }, invoker, state, logger);
    }
}
