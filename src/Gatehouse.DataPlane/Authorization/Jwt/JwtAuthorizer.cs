using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// One JWT authorizer of a deployment, ready to decide requests as AWS's HTTP APIs do: take the token from the
/// identity value (raw or <c>Bearer</c>), check its algorithm and signature with the issuer's key for its <c>kid</c>,
/// then <c>iss</c>, <c>aud</c>/<c>client_id</c>, <c>exp</c>, <c>nbf</c>, <c>iat</c>, and the route's scopes. Expected
/// refusals are results, never exceptions. Built by <see cref="JwtValidator.CreateAuthorizer"/>.
/// </summary>
public sealed class JwtAuthorizer
{
    private static readonly FrozenSet<string> RsaAlgorithms =
        new[] { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512 }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> EcdsaKeySizes = new Dictionary<string, int>
    {
        [SecurityAlgorithms.EcdsaSha256] = 256,
        [SecurityAlgorithms.EcdsaSha384] = 384,
        [SecurityAlgorithms.EcdsaSha512] = 521,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly JwtValidator _validator;
    private readonly IssuerKeyState _keys;
    private readonly FrozenSet<string> _audiences;
    private readonly long _id;

    internal JwtAuthorizer(JwtAuthorizerConfig config, JwtValidator validator, IssuerKeyState keys, long id)
    {
        Config = config;
        _validator = validator;
        _keys = keys;
        _audiences = config.Audiences.ToFrozenSet(StringComparer.Ordinal);
        _id = id;
    }

    public JwtAuthorizerConfig Config { get; }

    /// <summary>
    /// Decides one request.
    /// </summary>
    /// <param name="identity">The identity source's value (e.g. the <c>Authorization</c> header), null when absent.</param>
    /// <param name="routeScopes">The route's <c>authorizationScopes</c>; null or empty when it has none.</param>
    /// <param name="cancellation">The request's abort token (a key fetch in flight is shared and goes on without it).</param>
    public ValueTask<JwtAuthorizationResult> AuthorizeAsync(
        string? identity,
        IReadOnlyList<string>? routeScopes = null,
        CancellationToken cancellation = default)
    {
        if (!BearerToken.TryExtract(identity, out var token))
        {
            return ValueTask.FromResult(JwtAuthorizationResult.MissingIdentity);
        }

        if (token.Length > _validator.Options.MaxTokenLength || !CompactJws.HasShape(token.Span))
        {
            return ValueTask.FromResult(JwtAuthorizationResult.Unauthorized(JwtRejection.MalformedToken));
        }

        if (_validator.Tokens.TryGet(_id, token.Span, _validator.Time.GetUtcNow(), out var validated))
        {
            return ValueTask.FromResult(validated.Decide(routeScopes));
        }

        return ValidateAsync(token, routeScopes, cancellation);
    }

    private async ValueTask<JwtAuthorizationResult> ValidateAsync(
        ReadOnlyMemory<char> token,
        IReadOnlyList<string>? routeScopes,
        CancellationToken cancellation)
    {
        using var parsed = ParsedToken.TryParse(token);
        if (parsed is null)
        {
            return JwtAuthorizationResult.Unauthorized(JwtRejection.MalformedToken);
        }

        // The algorithm is checked before any key is looked at: "none" and HMAC (including HS256 keyed with the
        // issuer's public RSA key, the classic confusion attack) never reach a verifier.
        var algorithm = parsed.Jwt.Alg;
        if (!IsAllowed(algorithm))
        {
            return JwtAuthorizationResult.Unauthorized(JwtRejection.UnsupportedAlgorithm);
        }

        var kid = parsed.Jwt.Kid;
        if (string.IsNullOrEmpty(kid))
        {
            return JwtAuthorizationResult.Unauthorized(JwtRejection.UnknownKey);
        }

        var lookup = await _keys.FindAsync(kid, cancellation).ConfigureAwait(false);
        if (lookup.Key is not { } key)
        {
            return JwtAuthorizationResult.Unauthorized(lookup.Failure);
        }

        if (!Fits(key, algorithm) || !await HasValidSignatureAsync(parsed, key, algorithm).ConfigureAwait(false))
        {
            return JwtAuthorizationResult.Unauthorized(JwtRejection.InvalidSignature);
        }

        var now = _validator.Time.GetUtcNow();
        if (CheckClaims(parsed.Payload, now, out var expires) is { } rejection)
        {
            return JwtAuthorizationResult.Unauthorized(rejection);
        }

        var validated = new ValidatedToken(RenderClaims(parsed.Payload), TokenScopes.Read(parsed.Payload), expires);
        _validator.Tokens.Add(_id, token.Span, validated, now);
        return validated.Decide(routeScopes);
    }

    private bool IsAllowed(string algorithm) =>
        RsaAlgorithms.Contains(algorithm) || (_validator.Options.AllowEcdsa && EcdsaKeySizes.ContainsKey(algorithm));

    /// <summary>An RSA key for RS*, an EC key on the algorithm's own curve for ES*.</summary>
    private static bool Fits(SecurityKey key, string algorithm) => key switch
    {
        RsaSecurityKey => RsaAlgorithms.Contains(algorithm),
        ECDsaSecurityKey ec => EcdsaKeySizes.TryGetValue(algorithm, out var size) && ec.ECDsa.KeySize == size,
        _ => false,
    };

    private async Task<bool> HasValidSignatureAsync(ParsedToken parsed, SecurityKey key, string algorithm)
    {
        // Only the signature is left to IdentityModel; the claims follow AWS's rules, checked below.
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [algorithm],
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            RequireAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidateTokenReplay = false,
        };
        var result = await _validator.Handler.ValidateTokenAsync(parsed.Jwt, parameters).ConfigureAwait(false);
        return result.IsValid;
    }

    /// <summary>AWS's claim checks, in AWS's order; null when they all pass.</summary>
    private JwtRejection? CheckClaims(JsonElement payload, DateTimeOffset now, out DateTimeOffset expires)
    {
        expires = default;
        if (!payload.TryGetProperty("iss", out var issuer) || issuer.ValueKind != JsonValueKind.String
            || !string.Equals(issuer.GetString(), Config.Issuer, StringComparison.Ordinal))
        {
            return JwtRejection.InvalidIssuer;
        }

        // AWS evaluates aud when the token has one, and client_id only when it has none.
        var audienceOk = !Config.ChecksAudience || (payload.TryGetProperty("aud", out var audience)
            ? HasConfiguredAudience(audience)
            : payload.TryGetProperty("client_id", out var clientId) && HasConfiguredAudience(clientId, allowArray: false));
        if (!audienceOk)
        {
            return JwtRejection.InvalidAudience;
        }

        var skew = _validator.Options.ClockSkew.TotalSeconds;
        var nowSeconds = now.ToUnixTimeMilliseconds() / 1000.0;

        // A token without a numeric exp never expires; AWS requires exp to be in the future, so it is refused.
        if (!payload.TryGetProperty("exp", out var exp) || !exp.TryGetDouble(out var expSeconds) || expSeconds + skew <= nowSeconds)
        {
            return JwtRejection.Expired;
        }

        if (payload.TryGetProperty("nbf", out var nbf) && (!nbf.TryGetDouble(out var nbfSeconds) || nbfSeconds - skew > nowSeconds))
        {
            return JwtRejection.NotYetValid;
        }

        if (payload.TryGetProperty("iat", out var iat) && (!iat.TryGetDouble(out var iatSeconds) || iatSeconds - skew > nowSeconds))
        {
            return JwtRejection.IssuedInFuture;
        }

        expires = expSeconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.MaxValue
            : DateTimeOffset.FromUnixTimeMilliseconds((long)(expSeconds * 1000));
        return null;
    }

    private bool HasConfiguredAudience(JsonElement value, bool allowArray = true)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return _audiences.Contains(value.GetString()!);
        }

        if (allowArray && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && _audiences.Contains(item.GetString()!))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Dictionary<string, string> RenderClaims(JsonElement payload)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            if (JwtClaimRenderer.Render(property.Value) is { } value)
            {
                claims[property.Name] = value;
            }
        }

        return claims;
    }

    public override string ToString() => $"JwtAuthorizer {{ Issuer = {Config.Issuer} }}";
}
