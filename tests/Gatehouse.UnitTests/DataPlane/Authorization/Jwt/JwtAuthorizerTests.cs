using System.Text;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.Tests.Shared.Oidc;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>
/// Given an HTTP API route with a JWT authorizer (issuer, audience), when a client sends a token, then the gateway
/// decides as AWS does (developer guide, "Controlling access to HTTP APIs with JWT authorizers").
/// </summary>
public sealed class JwtAuthorizerTests
{
    private static readonly string[] Groups = ["admin", "poweruser"];

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task AuthorizeAsync_ValidRsaToken_AuthorizedWithClaims(string algorithm)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync("Bearer " + bed.Token(algorithm: algorithm));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal(JwtAuthorizationOutcome.Authorized, result.Outcome);
        Assert.Equal("user-1", result.Claims!["sub"]);
        Assert.Equal(bed.Issuer.Issuer, result.Claims["iss"]);
        Assert.Equal(JwtTestBed.Audience, result.Claims["aud"]);
        Assert.Equal(bed.Clock.Now.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), result.Claims["exp"]);
        Assert.Null(result.Scopes);
        Assert.Null(result.WwwAuthenticate);
        Assert.Null(result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_ClaimsOfEveryJsonType_RenderedAsAwsDoes()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token(claims =>
        {
            claims["cognito:groups"] = Groups;
            claims["email_verified"] = true;
            claims["address"] = new Dictionary<string, object> { ["country"] = "JP", ["city"] = "Tokyo" };
            claims["nickname"] = null;
            claims["ratio"] = 1.5;
        });

        var result = await bed.AuthorizeAsync(token);

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal("[admin poweruser]", result.Claims!["cognito:groups"]);
        Assert.Equal("true", result.Claims["email_verified"]);
        Assert.Equal("map[city:Tokyo country:JP]", result.Claims["address"]);
        Assert.Equal("1.5", result.Claims["ratio"]);
        Assert.False(result.Claims.ContainsKey("nickname"));
    }

    [Fact]
    public async Task AuthorizeAsync_Es256Token_UnauthorizedAsAwsSupportsOnlyRsa()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var ecKid = bed.Issuer.AddEcKey();

        var result = await bed.AuthorizeAsync(bed.Token(kid: ecKid));

        Assert.Equal(JwtRejection.UnsupportedAlgorithm, result.Rejection);
        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(384)]
    [InlineData(521)]
    public async Task AuthorizeAsync_EcdsaTokenWithEcdsaAllowed_Authorized(int keySize)
    {
        await using var bed = await JwtTestBed.StartAsync(JwtTestBed.Defaults with { AllowEcdsa = true });
        var curve = keySize switch
        {
            384 => System.Security.Cryptography.ECCurve.NamedCurves.nistP384,
            521 => System.Security.Cryptography.ECCurve.NamedCurves.nistP521,
            _ => System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
        };
        var ecKid = bed.Issuer.AddEcKey(curve: curve);

        var result = await bed.AuthorizeAsync("Bearer " + bed.Token(kid: ecKid));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal("user-1", result.Claims!["sub"]);
    }

    [Fact]
    public async Task AuthorizeAsync_EcdsaAlgorithmNamingAnRsaKey_InvalidSignature()
    {
        await using var bed = await JwtTestBed.StartAsync(JwtTestBed.Defaults with { AllowEcdsa = true });
        var ecKid = bed.Issuer.AddEcKey();
        var ecToken = bed.Token(kid: ecKid);
        var header = TestOidcIssuer.CreateRawToken(new { alg = "ES256", kid = bed.RsaKid, typ = "JWT" }, new { }).Split('.')[0];
        var parts = ecToken.Split('.');

        var result = await bed.AuthorizeAsync($"{header}.{parts[1]}.{parts[2]}");

        Assert.Equal(JwtRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_WrongAudience_UnauthorizedWithAwsChallenge()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["aud"] = "someone-else"));

        Assert.Equal(JwtAuthorizationOutcome.Unauthorized, result.Outcome);
        Assert.Equal(JwtRejection.InvalidAudience, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("{\"message\":\"Unauthorized\"}", Encoding.UTF8.GetString(result.Body.Span));
        // The exact header of AWS's troubleshooting guide (http-api-troubleshooting-jwt).
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"", result.WwwAuthenticate);
        Assert.Null(result.Claims);
    }

    [Fact]
    public async Task AuthorizeAsync_AudienceArrayWithAConfiguredOne_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["aud"] = new[] { "other", JwtTestBed.Audience }));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal($"[other {JwtTestBed.Audience}]", result.Claims!["aud"]);
    }

    [Fact]
    public async Task AuthorizeAsync_AudienceNotFirstOfSeveralConfigured_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var authorizer = bed.CreateAuthorizer("first", "second", "third");

        var result = await authorizer.AuthorizeAsync(bed.Token(claims => claims["aud"] = "third"));

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Fact]
    public async Task AuthorizeAsync_ClientIdInsteadOfAud_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        // A Cognito access token: client_id, no aud.
        var result = await bed.AuthorizeAsync(bed.Token(claims =>
        {
            claims.Remove("aud");
            claims["client_id"] = JwtTestBed.Audience;
            claims["token_use"] = "access";
        }));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal(JwtTestBed.Audience, result.Claims!["client_id"]);
    }

    [Fact]
    public async Task AuthorizeAsync_WrongAudWithConfiguredClientId_UnauthorizedAsAudWins()
    {
        await using var bed = await JwtTestBed.StartAsync();

        // AWS: "API Gateway validates client_id only if aud is not present".
        var result = await bed.AuthorizeAsync(bed.Token(claims =>
        {
            claims["aud"] = "someone-else";
            claims["client_id"] = JwtTestBed.Audience;
        }));

        Assert.Equal(JwtRejection.InvalidAudience, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_NeitherAudNorClientId_InvalidAudience()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims.Remove("aud")));

        Assert.Equal(JwtRejection.InvalidAudience, result.Rejection);
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("{issuer}/")]
    [InlineData("{ISSUER}")]
    [InlineData("")]
    public async Task AuthorizeAsync_IssuerNotExactlyTheConfiguredOne_InvalidIssuer(string iss)
    {
        await using var bed = await JwtTestBed.StartAsync();
        var claimed = iss.Replace("{issuer}", bed.Issuer.Issuer, StringComparison.Ordinal)
            .Replace("{ISSUER}", bed.Issuer.Issuer.ToUpperInvariant(), StringComparison.Ordinal);

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["iss"] = claimed));

        Assert.Equal(JwtRejection.InvalidIssuer, result.Rejection);
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid issuer\"", result.WwwAuthenticate);
    }

    [Fact]
    public async Task AuthorizeAsync_NoIssClaim_InvalidIssuer()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims.Remove("iss")));

        Assert.Equal(JwtRejection.InvalidIssuer, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_ExpiredToken_UnauthorizedTokenHasExpired()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims =>
        {
            claims["iat"] = bed.Clock.Now.AddHours(-2).ToUnixTimeSeconds();
            claims["nbf"] = bed.Clock.Now.AddHours(-2).ToUnixTimeSeconds();
            claims["exp"] = bed.Clock.Now.AddMinutes(-10).ToUnixTimeSeconds();
        }));

        Assert.Equal(JwtRejection.Expired, result.Rejection);
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token has expired\"", result.WwwAuthenticate);
    }

    [Fact]
    public async Task AuthorizeAsync_ExpiredWithinClockSkew_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["exp"] = bed.Clock.Now.AddSeconds(-2).ToUnixTimeSeconds()));

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Fact]
    public async Task AuthorizeAsync_NoExp_UnauthorizedAsExpired()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims.Remove("exp")));

        Assert.Equal(JwtRejection.Expired, result.Rejection);
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task AuthorizeAsync_NonNumericTimeClaim_Unauthorized(string claim)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims[claim] = "tomorrow"));

        Assert.Equal(JwtAuthorizationOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_NotYetValid_Unauthorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["nbf"] = bed.Clock.Now.AddMinutes(5).ToUnixTimeSeconds()));

        Assert.Equal(JwtRejection.NotYetValid, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_IssuedInTheFuture_Unauthorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["iat"] = bed.Clock.Now.AddMinutes(5).ToUnixTimeSeconds()));

        Assert.Equal(JwtRejection.IssuedInFuture, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_NoNbfNorIat_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims =>
        {
            claims.Remove("nbf");
            claims.Remove("iat");
        }));

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Fact]
    public async Task AuthorizeAsync_AlgNone_UnauthorizedWithoutFetchingKeys()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var claims = bed.Claims();

        foreach (var alg in new[] { "none", "None", "" })
        {
            var token = TestOidcIssuer.CreateRawToken(new { alg, kid = bed.RsaKid, typ = "JWT" }, claims);

            var result = await bed.AuthorizeAsync(token);

            Assert.Equal(JwtRejection.UnsupportedAlgorithm, result.Rejection);
        }

        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_Hs256SignedWithTheIssuersPublicKey_Unauthorized()
    {
        await using var bed = await JwtTestBed.StartAsync();
        await bed.AuthorizeAsync(bed.Token()); // the keys are fetched and known
        var header = new { alg = "HS256", kid = bed.RsaKid, typ = "JWT" };
        var claims = bed.Claims();
        var secrets = new[]
        {
            Encoding.ASCII.GetBytes(bed.Issuer.RsaPublicKeyPem(bed.RsaKid)),
            Encoding.ASCII.GetBytes(bed.Issuer.RsaPublicKeyPem(bed.RsaKid).ReplaceLineEndings("\n") + "\n"),
        };

        foreach (var secret in secrets)
        {
            var result = await bed.AuthorizeAsync(TestOidcIssuer.CreateHs256Token(header, claims, secret));

            Assert.Equal(JwtRejection.UnsupportedAlgorithm, result.Rejection);
        }
    }

    [Theory]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("PS256")]
    [InlineData("RSA-OAEP")]
    public async Task AuthorizeAsync_OtherAlgorithms_Unauthorized(string alg)
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = TestOidcIssuer.CreateRawToken(new { alg, kid = bed.RsaKid }, bed.Claims(), new byte[32]);

        var result = await bed.AuthorizeAsync(token);

        Assert.Equal(JwtRejection.UnsupportedAlgorithm, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_PayloadChangedAfterSigning_InvalidSignature()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var parts = bed.Token().Split('.');
        var forged = bed.Claims();
        forged["sub"] = "admin";

        var result = await bed.AuthorizeAsync($"{parts[0]}.{Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(forged))}.{parts[2]}");

        Assert.Equal(JwtRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_SignedByAnotherKeyWithTheSameKid_InvalidSignature()
    {
        await using var bed = await JwtTestBed.StartAsync();
        await using var impostor = await TestOidcIssuer.StartAsync();
        impostor.AddRsaKey(bed.RsaKid);

        var result = await bed.AuthorizeAsync(impostor.CreateToken(bed.RsaKid, bed.Claims()));

        Assert.Equal(JwtRejection.InvalidSignature, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_NoKid_UnknownKeyWithoutFetching()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = TestOidcIssuer.CreateRawToken(new { alg = "RS256", typ = "JWT" }, bed.Claims(), new byte[256]);

        var result = await bed.AuthorizeAsync(token);

        Assert.Equal(JwtRejection.UnknownKey, result.Rejection);
        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_ClaimNamedTwice_Malformed()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var parts = bed.Token().Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var twice = payload.TrimEnd('}') + ",\"sub\":\"admin\"}";

        var result = await bed.AuthorizeAsync($"{parts[0]}.{Base64UrlEncoder.Encode(twice)}.{parts[2]}");

        Assert.Equal(JwtRejection.MalformedToken, result.Rejection);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e")]
    [InlineData("..")]
    [InlineData(".e30.")]
    [InlineData("e30..")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.not base64!.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30=.sig")]
    [InlineData("bm90IGpzb24.e30.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.WzFd.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.Ig.sig")]
    [InlineData("W10.e30.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6MTIzfQ.e30.sig")]
    [InlineData("Bearer Bearer")]
    [InlineData("Bearer")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("ÿÿÿ.ÿÿÿ.ÿÿÿ")]
    public async Task AuthorizeAsync_Garbage_UnauthorizedWithoutFetching(string identity)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(identity);

        Assert.Equal(JwtAuthorizationOutcome.Unauthorized, result.Outcome);
        Assert.Contains(result.Rejection, new JwtRejection?[] { JwtRejection.MalformedToken, JwtRejection.UnsupportedAlgorithm, JwtRejection.UnknownKey });
        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_RandomBytes_NeverThrows()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var random = new Random(42);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

        for (var i = 0; i < 500; i++)
        {
            var chars = new char[random.Next(1, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var result = await bed.AuthorizeAsync(new string(chars));

            Assert.Equal(JwtAuthorizationOutcome.Unauthorized, result.Outcome);
        }
    }

    [Fact]
    public async Task AuthorizeAsync_OversizedToken_MalformedWithoutParsing()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token(claims => claims["padding"] = new string('x', 12_000));

        var result = await bed.AuthorizeAsync(token);

        Assert.True(token.Length > bed.Validator.Options.MaxTokenLength);
        Assert.Equal(JwtRejection.MalformedToken, result.Rejection);
        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_LargeTokenWithinTheLimit_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token(claims => claims["padding"] = new string('x', 6_000));

        var result = await bed.AuthorizeAsync(token);

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Bearer   {0}")]
    [InlineData("Bearer\t{0}")]
    [InlineData("  Bearer {0}  ")]
    [InlineData("{0}")]
    [InlineData(" {0} ")]
    public async Task AuthorizeAsync_BearerPrefixVariations_Authorized(string format)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, bed.Token()));

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Theory]
    [InlineData("Bearer{0}")]
    [InlineData("Token {0}")]
    [InlineData("Bearer {0} extra")]
    public async Task AuthorizeAsync_OtherPrefixes_Unauthorized(string format)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, bed.Token()));

        Assert.Equal(JwtRejection.MalformedToken, result.Rejection);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AuthorizeAsync_MissingIdentity_UnauthorizedWithoutChallengeOrFetch(string? identity)
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(identity);

        Assert.Equal(JwtRejection.MissingIdentity, result.Rejection);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("{\"message\":\"Unauthorized\"}", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Null(result.WwwAuthenticate);
        Assert.Equal(0, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_IssuerWithPathAndTrailingSlash_KeysDiscoveredBelowThePath()
    {
        await using var issuer = await TestOidcIssuer.StartAsync("/us-east-1_pool");
        var kid = issuer.AddRsaKey();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var validator = new JwtValidator(JwtTestBed.Defaults, clock);
        var authorizer = validator.CreateAuthorizer(new JwtAuthorizerConfig(issuer.Issuer + "/", ["app"]));
        var claims = issuer.Claims("app", clock.Now);
        claims["iss"] = issuer.Issuer + "/";

        var result = await authorizer.AuthorizeAsync(issuer.CreateToken(kid, claims));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal(1, issuer.DiscoveryRequests);
    }
}
