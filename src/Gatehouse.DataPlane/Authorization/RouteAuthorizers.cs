using Gatehouse.DataPlane.Authorization.Lambda;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// Builds the authorize step of each route of a deployment from its authorization type and authorizer, once per
/// deployment; one instance per authorizer is shared by the routes that name it.
/// </summary>
public sealed class RouteAuthorizers(DataPlaneOptions options, IStateStore state, ILogger<RouteAuthorizers> logger, IFunctionInvoker? invoker = null)
{
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
                case AuthorizationTypes.Custom:
                    return Named(route, AuthorizerTypes.Request);
                default:
                    throw new InvalidOperationException($"route {route.RouteId}: authorization type {route.AuthorizationType} is not supported yet");
            }
        }

        private RouteAuthorizer Named(Route route, string type)
        {
            var authorizer = snapshot.Authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId && a.AuthorizerType == type)
                ?? throw new InvalidOperationException($"route {route.RouteId}: authorizer {route.AuthorizerId} of type {type} is not in the deployment");
            if (!_byAuthorizerId.TryGetValue(authorizer.AuthorizerId, out var built))
            {
                built = _byAuthorizerId[authorizer.AuthorizerId] = owner.Lambda(authorizer);
            }

            return built;
        }
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
