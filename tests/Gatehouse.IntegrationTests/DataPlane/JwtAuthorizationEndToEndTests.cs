using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Tests.Shared.Oidc;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// JWT authorizers end to end: a local OIDC issuer started by the test (its own RSA keys, discovery and JWKS), an
/// authorizer made with the AWS CLI, tokens minted with Microsoft.IdentityModel, and AWS's answers
/// (http-api-jwt-authorizer, http-api-troubleshooting-jwt).
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class JwtAuthorizationEndToEndTests(GatehouseFixture fixture) : IAsyncLifetime
{
    private const string Audience = "api://gatehouse-tests";
    private TestOidcIssuer _issuer = null!;
    private string _kid = "";

    public async Task InitializeAsync()
    {
        _issuer = await TestOidcIssuer.StartAsync();
        _kid = _issuer.AddRsaKey();
    }

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task ValidToken_ReachesTheIntegrationWithItsClaims()
    {
        var apiId = await CreateApiAsync();
        var claims = _issuer.Claims(Audience, DateTimeOffset.UtcNow);
        claims["groups"] = new[] { "admin", "dev" };
        claims["email_verified"] = true;

        using var response = await GetAsync(apiId, "/prod/claims", "Bearer " + _issuer.CreateToken(_kid, claims));

        var jwt = Event(await response.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("requestContext").GetProperty("authorizer").GetProperty("jwt");
        Assert.Equal("user-1", jwt.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal(_issuer.Issuer, jwt.GetProperty("claims").GetProperty("iss").GetString());
        Assert.Equal("true", jwt.GetProperty("claims").GetProperty("email_verified").GetString());
        Assert.Equal("[admin dev]", jwt.GetProperty("claims").GetProperty("groups").GetString());
        Assert.Equal(JsonValueKind.Null, jwt.GetProperty("scopes").ValueKind);
    }

    [Fact]
    public async Task RawTokenWithoutBearer_IsAcceptedToo()
    {
        var apiId = await CreateApiAsync();

        using var response = await GetAsync(apiId, "/prod/claims", _issuer.CreateToken(_kid, _issuer.Claims(Audience, DateTimeOffset.UtcNow)));

        await response.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MissingToken_Is401()
    {
        var apiId = await CreateApiAsync();

        using var response = await GetAsync(apiId, "/prod/claims", authorization: null);

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
    }

    [Fact]
    public async Task WrongAudience_Is401WithAwsChallenge()
    {
        var apiId = await CreateApiAsync();

        using var response = await GetAsync(apiId, "/prod/claims", "Bearer " + _issuer.CreateToken(_kid, _issuer.Claims("someone-else", DateTimeOffset.UtcNow)));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
        Assert.Equal("""Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience" """.TrimEnd(),
            response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("future")]
    [InlineData("wrong-issuer")]
    [InlineData("alg-none")]
    [InlineData("hs256-with-public-key")]
    [InlineData("garbage")]
    [InlineData("oversized")]
    public async Task BadTokens_Are401(string kind)
    {
        var apiId = await CreateApiAsync();
        var now = DateTimeOffset.UtcNow;
        var claims = _issuer.Claims(Audience, now);
        var token = kind switch
        {
            "expired" => _issuer.CreateToken(_kid, With(claims, ("exp", now.AddMinutes(-5).ToUnixTimeSeconds()), ("iat", now.AddHours(-1).ToUnixTimeSeconds()), ("nbf", now.AddHours(-1).ToUnixTimeSeconds()))),
            "future" => _issuer.CreateToken(_kid, With(claims, ("nbf", now.AddMinutes(10).ToUnixTimeSeconds()))),
            "wrong-issuer" => _issuer.CreateToken(_kid, With(claims, ("iss", "https://elsewhere.example"))),
            "alg-none" => TestOidcIssuer.CreateRawToken(new { alg = "none", kid = _kid }, claims),
            "hs256-with-public-key" => TestOidcIssuer.CreateHs256Token(new { alg = "HS256", kid = _kid, typ = "JWT" }, claims,
                System.Text.Encoding.ASCII.GetBytes(_issuer.RsaPublicKeyPem(_kid))),
            "garbage" => "not.a.token",
            _ => _issuer.CreateToken(_kid, With(claims, ("padding", new string('x', 9000)))),
        };

        using var response = await GetAsync(apiId, "/prod/claims", "Bearer " + token);

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
    }

    [Fact]
    public async Task ScopedRoute_NeedsOneOfItsScopes()
    {
        var apiId = await CreateApiAsync();
        var now = DateTimeOffset.UtcNow;

        using var allowed = await GetAsync(apiId, "/prod/scoped", "Bearer " + _issuer.CreateToken(_kid, With(_issuer.Claims(Audience, now), ("scope", "openid read:pets"))));
        using var denied = await GetAsync(apiId, "/prod/scoped", "Bearer " + _issuer.CreateToken(_kid, With(_issuer.Claims(Audience, now), ("scope", "write:pets"))));

        var jwt = Event(await allowed.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("requestContext").GetProperty("authorizer").GetProperty("jwt");
        Assert.Contains("read:pets", jwt.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        await denied.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");
        Assert.Contains("insufficient_scope", denied.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Format10_ClaimsAreFlatUnderAuthorizer()
    {
        var apiId = await CreateApiAsync();

        using var response = await GetAsync(apiId, "/prod/v1", "Bearer " + _issuer.CreateToken(_kid, _issuer.Claims(Audience, DateTimeOffset.UtcNow)));

        var authorizer = Event(await response.ShouldBeAsync(HttpStatusCode.OK)).GetProperty("requestContext").GetProperty("authorizer");
        Assert.Equal("user-1", authorizer.GetProperty("claims").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task EcdsaToken_IsRefusedAsOnAws()
    {
        var apiId = await CreateApiAsync();
        var ec = _issuer.AddEcKey();

        using var response = await GetAsync(apiId, "/prod/claims", "Bearer " + _issuer.CreateToken(ec, _issuer.Claims(Audience, DateTimeOffset.UtcNow)));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
    }

    [Fact]
    public async Task KeysAreFetchedOnceForManyRequests()
    {
        var apiId = await CreateApiAsync();
        var token = "Bearer " + _issuer.CreateToken(_kid, _issuer.Claims(Audience, DateTimeOffset.UtcNow));

        for (var i = 0; i < 5; i++)
        {
            using var response = await GetAsync(apiId, "/prod/claims", token);
            await response.ShouldBeAsync(HttpStatusCode.OK);
        }

        Assert.Equal(1, _issuer.JwksRequests);
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> claims, params (string Name, object? Value)[] changes)
    {
        var copy = new Dictionary<string, object?>(claims);
        foreach (var (name, value) in changes)
        {
            copy[name] = value;
        }

        return copy;
    }

    private static JsonElement Event(string body) => JsonDocument.Parse(body).RootElement;

    private async Task<HttpResponseMessage> GetAsync(string apiId, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await fixture.DataPlane.Http.SendAsync(request);
    }

    /// <summary>
    /// An API with a JWT authorizer made by the CLI: <c>GET /claims</c> and <c>GET /scoped</c> (scope read:pets) to the
    /// event-echo function in payload 2.0, <c>GET /v1</c> in 1.0.
    /// </summary>
    private async Task<string> CreateApiAsync()
    {
        var control = fixture.Control;
        var apiId = await control.CreateApiAsync();
        var function = LambdaKit.Arn(await fixture.EventEchoFunctionAsync());
        var authorizerId = (await fixture.Cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--name", "jwt", "--authorizer-type", "JWT",
            "--identity-source", "$request.header.Authorization",
            "--jwt-configuration", $"Audience={Audience},Issuer={_issuer.Issuer}")).ShouldSucceed().Json.GetProperty("AuthorizerId").GetString()!;
        foreach (var (routeKey, format, scopes) in new[] { ("GET /claims", "2.0", (string[]?)null), ("GET /scoped", "2.0", ["read:pets"]), ("GET /v1", "1.0", null) })
        {
            var integration = await control.CreateIntegrationAsync(apiId, function, new
            {
                integrationType = "AWS_PROXY",
                payloadFormatVersion = format,
                integrationMethod = (string?)null,
            });
            await control.CreateRouteAsync(apiId, routeKey, integration, new { authorizationType = "JWT", authorizerId, authorizationScopes = scopes });
        }

        await control.CreateStageAsync(apiId, "prod");
        await control.DeployAsync(apiId, "prod");
        return apiId;
    }
}
