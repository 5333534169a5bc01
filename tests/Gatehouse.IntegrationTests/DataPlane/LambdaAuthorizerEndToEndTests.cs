using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gatehouse.IntegrationTests.Functions;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// Lambda (REQUEST) authorizers on HTTP APIs end to end: authorizers created with the AWS CLI, real Node.js authorizer
/// functions of payload formats 2.0 (simple responses) and 1.0 (IAM policies), the result cache, and the context the
/// integration receives (http-api-lambda-authorizer).
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaAuthorizerEndToEndTests(GatehouseFixture fixture)
{
    /// <summary>
    /// 2.0 simple responses: allows the token <c>secretToken</c>; reports how often it ran (so tests see the cache) and
    /// what it was given.
    /// </summary>
    private const string SimpleAuthorizer = """
        let calls = 0;
        exports.handler = async (event) => {
          calls++;
          if (event.headers.authorization === 'crash') throw new Error('boom');
          if (event.headers.authorization === 'unauthorized') throw new Error('Unauthorized');
          if (event.headers.authorization === 'garbage') return 'not an answer';
          return {
            isAuthorized: event.headers.authorization === 'secretToken',
            context: { user: 'ann', n: 1, ok: true, calls, routeArn: event.routeArn, type: event.type, identity: event.identitySource.join('|') },
          };
        };
        """;

    /// <summary>1.0 IAM policies: Allow on the method ARN for <c>allow</c>, on another route for <c>elsewhere</c>, else Deny.</summary>
    private const string PolicyAuthorizer = """
        exports.handler = async (event) => {
          const token = event.identitySource;
          const resource = token === 'elsewhere' ? event.methodArn.replace(/\/GET\/.*/, '/GET/other') : event.methodArn;
          return {
            principalId: 'user-' + token,
            policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: token === 'deny' ? 'Deny' : 'Allow', Resource: resource }] },
            context: { tier: 'gold', n: 7, version: event.version, methodArn: event.methodArn },
          };
        };
        """;

    /// <summary>The integration: returns the event it got.</summary>
    private const string Echo = """
        exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<(string Simple, string Policy, string Echo)>> Functions = [];

    private HttpClient Http => fixture.DataPlane.Http;

    [Fact]
    public async Task SimpleAuthorizer_AllowsTheRightTokenAndPassesItsContext()
    {
        var (apiId, authorizerId) = await CreateApiAsync(simple: true);

        using var allowed = await GetAsync(apiId, "/prod/pets?q=1", "secretToken");
        var e = JsonDocument.Parse(await allowed.ShouldBeAsync(HttpStatusCode.OK)).RootElement;

        var lambda = e.GetProperty("requestContext").GetProperty("authorizer").GetProperty("lambda");
        Assert.Equal("ann", lambda.GetProperty("user").GetString());
        Assert.Equal(1, lambda.GetProperty("n").GetInt32());
        Assert.True(lambda.GetProperty("ok").GetBoolean());
        Assert.Equal("REQUEST", lambda.GetProperty("type").GetString());
        Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/prod/GET/pets", lambda.GetProperty("routeArn").GetString());
        Assert.Equal("secretToken", lambda.GetProperty("identity").GetString());
        Assert.NotEmpty(authorizerId);
    }

    [Fact]
    public async Task SimpleAuthorizer_WrongTokenIs403AndMissingTokenIs401()
    {
        var (apiId, _) = await CreateApiAsync(simple: true);

        using var denied = await GetAsync(apiId, "/prod/pets", "wrong");
        await denied.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");
        using var missing = await GetAsync(apiId, "/prod/pets", authorization: null);
        await missing.ShouldBeGatewayErrorAsync(HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""");
    }

    [Theory]
    [InlineData("crash", HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""")]
    [InlineData("garbage", HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""")]
    [InlineData("unauthorized", HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""")]
    public async Task SimpleAuthorizer_FailuresAnswerAsAws(string token, HttpStatusCode status, string body)
    {
        var (apiId, _) = await CreateApiAsync(simple: true);

        using var response = await GetAsync(apiId, "/prod/pets", token);

        await response.ShouldBeGatewayErrorAsync(status, body);
    }

    [Fact]
    public async Task CachedAuthorizer_RunsOncePerIdentityWithinTheTtl()
    {
        var (apiId, _) = await CreateApiAsync(simple: true, ttlSeconds: 300);

        var first = await CallsAsync(apiId, "secretToken");
        var second = await CallsAsync(apiId, "secretToken");

        Assert.Equal(first, second);
        using var again = await GetAsync(apiId, "/prod/pets", "wrong");
        await again.ShouldBeAsync(HttpStatusCode.Forbidden);
        var third = await CallsAsync(apiId, "secretToken");
        Assert.Equal(first, third);
    }

    [Fact]
    public async Task UncachedAuthorizer_RunsForEveryRequest()
    {
        var (apiId, _) = await CreateApiAsync(simple: true, ttlSeconds: 0);

        var first = await CallsAsync(apiId, "secretToken");
        var second = await CallsAsync(apiId, "secretToken");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task PolicyAuthorizer_Format10_AllowsByPolicyAndPassesContextAsStrings()
    {
        var (apiId, _) = await CreateApiAsync(simple: false, integrationFormat: "1.0");

        using var allowed = await GetAsync(apiId, "/prod/pets", "allow");
        var e = JsonDocument.Parse(await allowed.ShouldBeAsync(HttpStatusCode.OK)).RootElement;

        var authorizer = e.GetProperty("requestContext").GetProperty("authorizer");
        Assert.Equal("user-allow", authorizer.GetProperty("principalId").GetString());
        Assert.Equal("gold", authorizer.GetProperty("tier").GetString());
        Assert.Equal("7", authorizer.GetProperty("n").GetString());
        Assert.Equal("1.0", authorizer.GetProperty("version").GetString());
        Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/prod/GET/pets", authorizer.GetProperty("methodArn").GetString());
        Assert.True(authorizer.GetProperty("integrationLatency").GetInt64() >= 0);
    }

    [Theory]
    [InlineData("deny")]
    [InlineData("elsewhere")]
    public async Task PolicyAuthorizer_DenyOrAnotherResourceIs403(string token)
    {
        var (apiId, _) = await CreateApiAsync(simple: false);

        using var response = await GetAsync(apiId, "/prod/pets", token);

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");
    }

    [Fact]
    public async Task Authorizer_OnlyGuardsItsOwnRoutes()
    {
        var (apiId, _) = await CreateApiAsync(simple: true);

        using var open = await GetAsync(apiId, "/prod/open", authorization: null);

        await open.ShouldBeAsync(HttpStatusCode.OK);
    }

    private async Task<int> CallsAsync(string apiId, string token)
    {
        using var response = await GetAsync(apiId, "/prod/pets", token);
        var e = JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        return e.GetProperty("requestContext").GetProperty("authorizer").GetProperty("lambda").GetProperty("calls").GetInt32();
    }

    private async Task<HttpResponseMessage> GetAsync(string apiId, string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>
    /// An API whose <c>GET /pets</c> is guarded by a Lambda authorizer made with the CLI, and whose <c>GET /open</c> is
    /// not; both go to the echo function.
    /// </summary>
    private async Task<(string ApiId, string AuthorizerId)> CreateApiAsync(bool simple, int ttlSeconds = 0, string integrationFormat = "2.0")
    {
        var functions = await FunctionsAsync();
        var control = fixture.Control;
        var apiId = await control.CreateApiAsync();
        var integration = await control.CreateIntegrationAsync(apiId, LambdaKit.Arn(functions.Echo), new
        {
            integrationType = "AWS_PROXY",
            payloadFormatVersion = integrationFormat,
            integrationMethod = (string?)null,
        });
        var authorizerFunction = LambdaKit.Arn(simple ? functions.Simple : functions.Policy);
        string[] arguments =
        [
            "create-authorizer", "--api-id", apiId, "--name", "gate", "--authorizer-type", "REQUEST",
            "--identity-source", "$request.header.Authorization",
            "--authorizer-uri", $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{authorizerFunction}/invocations",
            "--authorizer-payload-format-version", simple ? "2.0" : "1.0",
            "--authorizer-result-ttl-in-seconds", ttlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        var authorizer = (await fixture.Cli.ApiGatewayV2Async(simple ? [.. arguments, "--enable-simple-responses"] : arguments)).ShouldSucceed().Json;
        var authorizerId = authorizer.GetProperty("AuthorizerId").GetString()!;
        (await fixture.Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets", "--target", "integrations/" + integration,
            "--authorization-type", "CUSTOM", "--authorizer-id", authorizerId)).ShouldSucceed();
        await control.CreateRouteAsync(apiId, "GET /open", integration);
        await control.CreateStageAsync(apiId, "prod");
        await control.DeployAsync(apiId, "prod");
        return (apiId, authorizerId);
    }

    private Task<(string Simple, string Policy, string Echo)> FunctionsAsync()
    {
        lock (Functions)
        {
            if (!Functions.TryGetValue(fixture, out var created))
            {
                created = CreateFunctionsAsync();
                Functions.Add(fixture, created);
            }

            return created;
        }
    }

    private async Task<(string Simple, string Policy, string Echo)> CreateFunctionsAsync()
    {
        var simple = LambdaKit.UniqueName("authz-simple");
        var policy = LambdaKit.UniqueName("authz-policy");
        var echo = LambdaKit.UniqueName("authz-echo");
        await Task.WhenAll(
            fixture.Cli.CreateFunctionAsync(simple, LambdaInvoker.Package(("index.js", SimpleAuthorizer)), "--timeout", "10"),
            fixture.Cli.CreateFunctionAsync(policy, LambdaInvoker.Package(("index.js", PolicyAuthorizer)), "--timeout", "10"),
            fixture.Cli.CreateFunctionAsync(echo, LambdaInvoker.Package(("index.js", Echo)), "--timeout", "10"));
        return (simple, policy, echo);
    }
}
