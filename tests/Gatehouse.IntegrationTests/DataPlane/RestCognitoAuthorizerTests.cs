using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Tests.Shared.Oidc;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// REST APIs' Cognito user pool authorizers end to end (apigateway-enable-cognito-user-pool, facts §7.4): a local
/// issuer standing in for the pool at <c>{endpoint}/{poolId}</c> (Gatehouse started with
/// <c>--cognito-idp-endpoint</c>), the authorizer and methods made with the real AWS CLI, tokens minted by the test,
/// and a MOCK integration whose response template shows the claims that reached <c>$context.authorizer.claims</c>.
/// </summary>
public sealed class RestCognitoAuthorizerTests : IAsyncLifetime
{
    private const string PoolId = "us-east-1_TestPool";
    private const string ClientId = "app-client-1";
    private TestOidcIssuer _pool = null!;
    private GatehouseProcess _server = null!;
    private DataPlaneClient _dataPlane = null!;
    private string _kid = "";

    public async Task InitializeAsync()
    {
        _pool = await TestOidcIssuer.StartAsync("/" + PoolId);
        _kid = _pool.AddRsaKey();
        var endpoint = new Uri(_pool.Issuer).GetLeftPart(UriPartial.Authority);
        _server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--cognito-idp-endpoint", endpoint]);
        _dataPlane = new DataPlaneClient(() => _server.Port);
    }

    public async Task DisposeAsync()
    {
        _dataPlane.Dispose();
        await _server.DisposeAsync();
        await _pool.DisposeAsync();
    }

    private string Token(string use, string? scope = null, DateTimeOffset? issued = null, TestOidcIssuer? issuer = null)
    {
        var from = issuer ?? _pool;
        var claims = from.Claims(ClientId, issued ?? DateTimeOffset.UtcNow);
        claims["token_use"] = use;
        claims["email"] = "ann@example.com";
        if (use == "access")
        {
            claims.Remove("aud");
            claims["client_id"] = ClientId;
        }

        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        return from.CreateToken(issuer is null ? _kid : issuer.AddRsaKey(), claims);
    }

    /// <summary>GET /me (no scopes) and GET /scoped (scope api/read), both guarded by the pool, both MOCKs showing the claims.</summary>
    private async Task<string> ApiAsync()
    {
        var cli = new RestDataPlaneCli(new AwsCli(_server.BaseAddress));
        var (apiId, rootId) = await cli.CreateApiAsync("cognito");
        var authorizerId = (await cli.RunAsync("create-authorizer", "--rest-api-id", apiId, "--name", "pool", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", $"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{PoolId}",
            "--identity-source", "method.request.header.Authorization")).GetProperty("id").GetString()!;
        foreach (var (part, scopes) in new[] { ("me", Array.Empty<string>()), ("scoped", ["api/read"]) })
        {
            var resource = await cli.ResourceAsync(apiId, rootId, part);
            string[] scopeArguments = scopes.Length == 0 ? [] : ["--authorization-scopes", .. scopes];
            await cli.RunAsync(["put-method", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", "GET",
                "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId, .. scopeArguments]);
            await cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", "GET", "--type", "MOCK",
                "--request-templates", """{"application/json":"{\"statusCode\": 200}"}""");
            await cli.RunAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", "GET", "--status-code", "200");
            await cli.RunAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", "GET",
                "--status-code", "200", "--response-templates",
                """{"application/json":"{\"sub\":\"$context.authorizer.claims.sub\",\"use\":\"$context.authorizer.claims.token_use\",\"email\":\"$context.authorizer.claims.email\"}"}""");
        }

        await cli.DeployAsync(apiId, "v1");
        return apiId;
    }

    private async Task<HttpResponseMessage> GetAsync(string apiId, string path, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _dataPlane.HostStyle(apiId, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await _dataPlane.Http.SendAsync(request);
    }

    private static async Task ShouldBeUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal("""{"message":"Unauthorized"}""", await response.ShouldBeAsync(HttpStatusCode.Unauthorized));
        Assert.Equal("UnauthorizedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task IdToken_OfThePool_ReachesTheIntegrationWithItsClaims()
    {
        var apiId = await ApiAsync();

        using var response = await GetAsync(apiId, "/v1/me", Token("id"));

        var claims = JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal("user-1", claims.GetProperty("sub").GetString());
        Assert.Equal("id", claims.GetProperty("use").GetString());
        Assert.Equal("ann@example.com", claims.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Tokens_ThatThePoolOrTheMethodDoNotAccept_Are401()
    {
        var apiId = await ApiAsync();
        await using var otherPool = await TestOidcIssuer.StartAsync("/" + PoolId);

        foreach (var (path, token) in new (string, string?)[]
        {
            ("/v1/me", null),                                                          // no token
            ("/v1/me", Token("access", "api/read")),                                   // no scopes on the method: ID tokens only
            ("/v1/me", Token("id", issued: DateTimeOffset.UtcNow.AddHours(-2))),       // expired
            ("/v1/me", Token("id", issuer: otherPool)),                                // signed by another issuer
            ("/v1/scoped", Token("id")),                                               // scopes: access tokens only
            ("/v1/scoped", Token("access", "api/write")),                              // without the method's scope
        })
        {
            using var response = await GetAsync(apiId, path, token);
            await ShouldBeUnauthorizedAsync(response);
        }
    }

    [Fact]
    public async Task AccessToken_WithTheMethodsScope_IsAccepted()
    {
        var apiId = await ApiAsync();

        using var response = await GetAsync(apiId, "/v1/scoped", "Bearer " + Token("access", "openid api/read"));

        var claims = JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal("access", claims.GetProperty("use").GetString());
    }
}
