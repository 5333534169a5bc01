using System.Text.Json;
using Gatehouse.IntegrationTests.DataPlane;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Tests.Shared.Oidc;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// TestInvokeAuthorizer on a Cognito user pool authorizer, and TestInvokeMethod on a method it guards, with the real
/// AWS CLI: a local issuer stands in for the pool (Gatehouse started with <c>--cognito-idp-endpoint</c>).
/// </summary>
public sealed class RestTestInvokeCognitoCliTests : IAsyncLifetime
{
    private const string PoolId = "us-east-1_TestInvokePool";
    private TestOidcIssuer _pool = null!;
    private GatehouseProcess _server = null!;
    private string _kid = "";

    public async Task InitializeAsync()
    {
        _pool = await TestOidcIssuer.StartAsync("/" + PoolId);
        _kid = _pool.AddRsaKey();
        _server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--cognito-idp-endpoint", new Uri(_pool.Issuer).GetLeftPart(UriPartial.Authority)]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _pool.DisposeAsync();
    }

    private string IdToken()
    {
        var claims = _pool.Claims("app-client-1", DateTimeOffset.UtcNow);
        claims["token_use"] = "id";
        claims["email"] = "ann@example.com";
        return _pool.CreateToken(_kid, claims);
    }

    [Fact]
    public async Task TestInvokeAuthorizer_CognitoPool_ReturnsTheTokensClaimsOr401()
    {
        var cli = new RestDataPlaneCli(new AwsCli(_server.BaseAddress));
        var (apiId, rootId) = await cli.CreateApiAsync("test-invoke-cognito");
        var authorizerId = (await cli.RunAsync("create-authorizer", "--rest-api-id", apiId, "--name", "pool", "--type", "COGNITO_USER_POOLS",
            "--provider-arns", $"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{PoolId}",
            "--identity-source", "method.request.header.Authorization")).GetProperty("id").GetString()!;

        var allowed = await cli.RunAsync("test-invoke-authorizer", "--rest-api-id", apiId, "--authorizer-id", authorizerId,
            "--headers", "Authorization=" + IdToken());
        Assert.Equal(0, allowed.GetProperty("clientStatus").GetInt32());
        Assert.Equal("ann@example.com", allowed.GetProperty("claims").GetProperty("email").GetString());
        Assert.Equal("id", allowed.GetProperty("claims").GetProperty("token_use").GetString());
        Assert.False(allowed.TryGetProperty("policy", out _));

        var refused = await cli.RunAsync("test-invoke-authorizer", "--rest-api-id", apiId, "--authorizer-id", authorizerId,
            "--headers", "Authorization=not-a-token");
        Assert.Equal(401, refused.GetProperty("clientStatus").GetInt32());
        Assert.False(refused.TryGetProperty("claims", out _));

        // The method the pool guards: a test invocation skips the authorizer, so no token is needed and no claims reach it.
        await cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET",
            "--authorization-type", "COGNITO_USER_POOLS", "--authorizer-id", authorizerId);
        await cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--type", "MOCK",
            "--request-templates", """{"application/json":"{\"statusCode\": 200}"}""");
        await cli.RunAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--status-code", "200");
        await cli.RunAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--status-code", "200",
            "--response-templates", """{"application/json":"{\"email\":\"$context.authorizer.claims.email\"}"}""");
        var method = await cli.RunAsync("test-invoke-method", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET");
        Assert.Equal(200, method.GetProperty("status").GetInt32());
        Assert.Equal("""{"email":""}""", method.GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.String, method.GetProperty("log").ValueKind);
    }
}
