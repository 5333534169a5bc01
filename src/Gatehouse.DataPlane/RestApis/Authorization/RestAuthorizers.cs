using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Gatehouse.Model.RestApis;
using Gatehouse.Store.State;
using Gatehouse.Templates;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// Builds the authorize step of each REST method from its authorization type and authorizer, once per deployment:
/// <c>CUSTOM</c> methods get their Lambda authorizer (one instance per authorizer, shared by its methods, so they
/// share its result cache), <c>COGNITO_USER_POOLS</c> methods a Cognito step with their own scopes around the pool's
/// shared keys. A method naming an authorizer the deployment lacks fails the compile.
/// </summary>
public sealed class RestAuthorizers(
    DataPlaneOptions options, IStateStore state, JwtValidator jwt, ILogger<RestAuthorizers> logger, IFunctionInvoker? invoker = null)
{
    private static readonly TimeSpan ValidationTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The authorizers of one deployment, built on first use.</summary>
    public Builder For(RestDeploymentSnapshot snapshot) => new(this, snapshot);

    public sealed class Builder(RestAuthorizers owner, RestDeploymentSnapshot snapshot)
    {
        private readonly Dictionary<string, RestLambdaAuthorizer> _lambdas = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (IReadOnlyList<JwtAuthorizer> Pools, RestIdentitySource Source)> _pools = new(StringComparer.Ordinal);

        /// <summary>The method's authorize step; null for <c>NONE</c> and <c>AWS_IAM</c> (verified by the handler).</summary>
        public RestMethodAuthorizer? ForMethod(RestMethod method)
        {
            ArgumentNullException.ThrowIfNull(method);
            switch (method.AuthorizationType)
            {
                case "CUSTOM":
                    var custom = Named(method, "TOKEN", "REQUEST");
                    return _lambdas.TryGetValue(custom.Id, out var lambda) ? lambda : _lambdas[custom.Id] = owner.Lambda(custom);
                case "COGNITO_USER_POOLS":
                    var named = Named(method, "COGNITO_USER_POOLS");
                    if (!_pools.TryGetValue(named.Id, out var pools))
                    {
                        pools = _pools[named.Id] = owner.Cognito(named);
                    }

                    // The scopes belong to the method, so each method gets its own step around the shared pools.
                    return new RestCognitoAuthorizer(pools.Pools, pools.Source, method.AuthorizationScopes);
                default:
                    return null;
            }
        }

        private RestAuthorizer Named(RestMethod method, params string[] types) =>
            snapshot.Authorizers.FirstOrDefault(a => a.Id == method.AuthorizerId && types.Contains(a.Type))
                ?? throw new InvalidOperationException(
                    $"method {method.HttpMethod}: authorizer {method.AuthorizerId} of type {string.Join(" or ", types)} is not in the deployment");
    }

    private RestLambdaAuthorizer Lambda(RestAuthorizer authorizer)
    {
        if (!LambdaFunctionUri.TryParse(authorizer.AuthorizerUri, out var function, out var error))
        {
            throw new InvalidOperationException($"authorizer {authorizer.Id}: {error}");
        }

        var isToken = authorizer.Type == "TOKEN";
        var sources = RestIdentitySource.ParseList(authorizer.IdentitySource ?? (isToken ? "method.request.header.Authorization" : null));
        if (isToken && sources.Count != 1)
        {
            throw new InvalidOperationException($"authorizer {authorizer.Id}: a TOKEN authorizer reads one header");
        }

        return new RestLambdaAuthorizer(new RestLambdaAuthorizerConfig
        {
            AuthorizerId = authorizer.Id,
            IsToken = isToken,
            Region = options.Region,
            Function = new StageFunction(function),
            // AWS's default when the authorizer sets none: 300 seconds.
            ResultTtl = TimeSpan.FromSeconds(authorizer.AuthorizerResultTtlInSeconds ?? 300),
            IdentitySources = sources,
            ValidationExpression = isToken && authorizer.IdentityValidationExpression is { Length: > 0 } expression
                ? JavaRegex.TryCompile(expression, wholeMatch: true, ValidationTimeout)
                    ?? throw new InvalidOperationException($"authorizer {authorizer.Id}: invalid identityValidationExpression")
                : null,
        }, invoker, state, logger);
    }

    private (IReadOnlyList<JwtAuthorizer> Pools, RestIdentitySource Source) Cognito(RestAuthorizer authorizer)
    {
        var pools = (authorizer.ProviderARNs ?? []).Select(arn => jwt.CreateAuthorizer(new JwtAuthorizerConfig(Issuer(authorizer.Id, arn), [])
        {
            ChecksAudience = false,
        })).ToList();
        if (pools.Count == 0)
        {
            throw new InvalidOperationException($"authorizer {authorizer.Id}: a Cognito authorizer needs providerARNs");
        }

        var expression = authorizer.IdentitySource ?? "method.request.header.Authorization";
        return RestIdentitySource.TryParse(expression, out var source)
            ? (pools, source!)
            : throw new InvalidOperationException($"authorizer {authorizer.Id}: invalid identity source '{expression}'");
    }

    /// <summary>A user pool's issuer: <c>{endpoint}/{poolId}</c> for <c>arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}</c>.</summary>
    public string Issuer(string authorizerId, string providerArn)
    {
        ArgumentNullException.ThrowIfNull(providerArn);
        var parts = providerArn.Split(':', 6);
        if (parts is not ["arn", _, "cognito-idp", { Length: > 0 } region, _, var resource] || !resource.StartsWith("userpool/", StringComparison.Ordinal) ||
            resource.Length == "userpool/".Length)
        {
            throw new InvalidOperationException($"authorizer {authorizerId}: '{providerArn}' is not a Cognito user pool ARN");
        }

        var endpoint = options.CognitoIdpEndpoint?.TrimEnd('/') ?? $"https://cognito-idp.{region}.amazonaws.com";
        return $"{endpoint}/{resource["userpool/".Length..]}";
    }
}
