using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// Turns a JWKS document into verification keys: RSA keys (<c>n</c>, <c>e</c>) and EC keys on P-256, P-384 and P-521
/// (<c>crv</c>, <c>x</c>, <c>y</c>). Keys without a <c>kid</c>, meant for encryption (<c>use: enc</c>), of another type, or
/// with bad material are skipped: AWS matches tokens to keys by <c>kid</c> only.
/// </summary>
internal static class JwksParser
{
    /// <summary>The keys, or null (with the reason) when the document is not a JWKS at all.</summary>
    public static IReadOnlyDictionary<string, SecurityKey>? Parse(string json, out string? error)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or FormatException)
        {
            error = "the JWKS is not valid JSON";
            return null;
        }

        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var jwk in set.Keys)
        {
            if (string.IsNullOrEmpty(jwk.Kid) || keys.ContainsKey(jwk.Kid)
                || (!string.IsNullOrEmpty(jwk.Use) && jwk.Use != JsonWebKeyUseNames.Sig))
            {
                continue;
            }

            if (TryCreate(jwk) is { } key)
            {
                keys[jwk.Kid] = key;
            }
        }

        error = null;
        return keys;
    }

    private static SecurityKey? TryCreate(JsonWebKey jwk)
    {
        try
        {
            switch (jwk.Kty)
            {
                case JsonWebAlgorithmsKeyTypes.RSA when !string.IsNullOrEmpty(jwk.N) && !string.IsNullOrEmpty(jwk.E):
                    var rsa = RSA.Create(new RSAParameters
                    {
                        Modulus = Base64UrlEncoder.DecodeBytes(jwk.N),
                        Exponent = Base64UrlEncoder.DecodeBytes(jwk.E),
                    });
                    return new RsaSecurityKey(rsa) { KeyId = jwk.Kid };
                case JsonWebAlgorithmsKeyTypes.EllipticCurve when Curve(jwk.Crv) is { } curve
                    && !string.IsNullOrEmpty(jwk.X) && !string.IsNullOrEmpty(jwk.Y):
                    var ecdsa = ECDsa.Create(new ECParameters
                    {
                        Curve = curve,
                        Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                    });
                    return new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid };
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static ECCurve? Curve(string? crv) => crv switch
    {
        JsonWebKeyECTypes.P256 => ECCurve.NamedCurves.nistP256,
        JsonWebKeyECTypes.P384 => ECCurve.NamedCurves.nistP384,
        JsonWebKeyECTypes.P521 => ECCurve.NamedCurves.nistP521,
        _ => null,
    };
}
