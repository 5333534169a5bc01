using System.Security.Cryptography;
using Gatehouse.DataPlane.Authorization.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

public sealed class JwksParserTests
{
    [Fact]
    public void Parse_MixedKeySet_OnlyUsableSigningKeysByKid()
    {
        using var rsa = RSA.Create(2048);
        var rsaParameters = rsa.ExportParameters(false);
        var n = Base64UrlEncoder.Encode(rsaParameters.Modulus);
        var e = Base64UrlEncoder.Encode(rsaParameters.Exponent);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ec.ExportParameters(false).Q;
        var json = $$"""
            {"keys":[
              {"kty":"RSA","kid":"rsa","use":"sig","n":"{{n}}","e":"{{e}}"},
              {"kty":"RSA","kid":"no-use","n":"{{n}}","e":"{{e}}"},
              {"kty":"RSA","kid":"enc","use":"enc","n":"{{n}}","e":"{{e}}"},
              {"kty":"RSA","use":"sig","n":"{{n}}","e":"{{e}}"},
              {"kty":"RSA","kid":"broken","n":"@@@","e":"{{e}}"},
              {"kty":"EC","kid":"ec","crv":"P-256","x":"{{Base64UrlEncoder.Encode(q.X)}}","y":"{{Base64UrlEncoder.Encode(q.Y)}}"},
              {"kty":"EC","kid":"ec-bad-curve","crv":"secp256k1","x":"{{Base64UrlEncoder.Encode(q.X)}}","y":"{{Base64UrlEncoder.Encode(q.Y)}}"},
              {"kty":"oct","kid":"hmac","k":"c2VjcmV0"}
            ]}
            """;

        var keys = JwksParser.Parse(json, out var error);

        Assert.Null(error);
        Assert.Equal(["ec", "no-use", "rsa"], keys!.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<RsaSecurityKey>(keys["rsa"]);
        Assert.IsType<ECDsaSecurityKey>(keys["ec"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    public void Parse_NotAKeySet_NullWithReason(string json)
    {
        Assert.Null(JwksParser.Parse(json, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void DiscoveryUri_IssuerWithTrailingSlash_SlashRemovedBeforeTheWellKnownPath()
    {
        Assert.Equal("https://idp.example.com/tenant/.well-known/openid-configuration", OidcKeyFetcher.DiscoveryUri("https://idp.example.com/tenant/")!.ToString());
        Assert.Null(OidcKeyFetcher.DiscoveryUri("not a url"));
        Assert.Null(OidcKeyFetcher.DiscoveryUri("ftp://idp.example.com"));
    }
}
