using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// REST APIs' Lambda authorizers end to end (apigateway-use-lambda-authorizer, facts §7.3): authorizers and methods
/// made with the real AWS CLI, a real Node.js authorizer function answering IAM policies, and a real function behind
/// AWS_PROXY that shows what reached it. Expected answers are AWS's, capital-M <c>Message</c> included.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class RestAuthorizerTests(GatehouseFixture fixture)
{
    /// <summary>
    /// Allows or denies by the token's first word (TOKEN) or the x-user header (REQUEST); <c>unauthorized</c> and
    /// <c>crash</c> fail. The context tells the test what the function saw, and a nonce shows when an answer was cached.
    /// </summary>
    private const string AuthorizerHandler = """
        const crypto = require('crypto');
        exports.handler = async (event) => {
          const token = event.type === 'TOKEN' ? event.authorizationToken : (event.headers['x-user'] || '');
          if (token === 'unauthorized') throw new Error('Unauthorized');
          if (token === 'crash') throw new Error('boom');
          return {
            principalId: 'user-' + token,
            policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: token.startsWith('deny') ? 'Deny' : 'Allow', Resource: event.methodArn }] },
            context: { nonce: crypto.randomUUID(), type: event.type, methodArn: event.methodArn, hasBody: 'body' in event, n: 7, ok: true },
          };
        };
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<string>> Authorizers = [];

    private RestDataPlaneCli Cli => new(fixture.Cli);

    private HttpClient Http => fixture.DataPlane.Http;

    private Task<string> AuthorizerFunctionAsync() => Authorizers.GetValue(fixture, f => f.Cli.CreateFunctionAsync(LambdaKit.UniqueName("rest-authorizer"),
        LambdaKit.Zip(("index.js", AuthorizerHandler, 0x8000 | 0b110_100_100))).ContinueWith(t => t.Result.GetProperty("FunctionName").GetString()!, TaskScheduler.Default));

    /// <summary>An API with GET /pets guarded by a new authorizer (create-authorizer with <paramref name="options"/>), to the event echo.</summary>
    private async Task<string> GuardedApiAsync(string type, params string[] options)
    {
        var authorizerFunction = await AuthorizerFunctionAsync();
        var echo = await fixture.EventEchoFunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("authorized-" + type.ToLowerInvariant());
        var pets = await Cli.ResourceAsync(apiId, rootId, "pets");
        var authorizerId = (await Cli.RunAsync(["create-authorizer", "--rest-api-id", apiId, "--name", "guard", "--type", type,
            "--authorizer-uri", RestDataPlaneCli.LambdaUri(authorizerFunction), .. options])).GetProperty("id").GetString()!;
        await Cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", pets, "--http-method", "GET", "--authorization-type", "CUSTOM",
            "--authorizer-id", authorizerId);
        await Cli.LambdaAsync(apiId, pets, "GET", echo);
        await Cli.DeployAsync(apiId, "test");
        return apiId;
    }

    private async Task<HttpResponseMessage> GetAsync(string apiId, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, pathAndQuery));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    private static async Task<JsonElement> AuthorizerSeenAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.OK)).RootElement.GetProperty("requestContext").GetProperty("authorizer");

    private static async Task ShouldBeAsync(HttpResponseMessage response, HttpStatusCode status, string body, string errorType)
    {
        Assert.Equal(body, await response.ShouldBeAsync(status));
        Assert.Equal(errorType, response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task TokenAuthorizer_AllowsDeniesCachesAndFailsAsAws()
    {
        var apiId = await GuardedApiAsync("TOKEN", "--identity-source", "method.request.header.Authorization",
            "--identity-validation-expression", "(allow|deny|unauthorized|crash).*", "--authorizer-result-ttl-in-seconds", "300");

        using (var missing = await GetAsync(apiId, "/test/pets"))
        {
            await ShouldBeAsync(missing, HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""", "UnauthorizedException");
        }

        using (var invalid = await GetAsync(apiId, "/test/pets", ("Authorization", "bogus-token")))
        {
            await ShouldBeAsync(invalid, HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""", "UnauthorizedException");
        }

        string nonce;
        using (var allowed = await GetAsync(apiId, "/test/pets", ("Authorization", "allow-1")))
        {
            var authorizer = await AuthorizerSeenAsync(allowed);
            Assert.Equal("user-allow-1", authorizer.GetProperty("principalId").GetString());
            Assert.Equal("TOKEN", authorizer.GetProperty("type").GetString());
            Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/test/GET/pets", authorizer.GetProperty("methodArn").GetString());
            Assert.Equal("7", authorizer.GetProperty("n").GetString());   // REST stringifies context values
            Assert.Equal("true", authorizer.GetProperty("ok").GetString());
            nonce = authorizer.GetProperty("nonce").GetString()!;
        }

        using (var cached = await GetAsync(apiId, "/test/pets", ("Authorization", "allow-1")))
        {
            Assert.Equal(nonce, (await AuthorizerSeenAsync(cached)).GetProperty("nonce").GetString());
        }

        using (var denied = await GetAsync(apiId, "/test/pets", ("Authorization", "deny-1")))
        {
            await ShouldBeAsync(denied, HttpStatusCode.Forbidden, """{"Message":"User is not authorized to access this resource with an explicit deny"}""",
                "AccessDeniedException");
        }

        using (var unauthorized = await GetAsync(apiId, "/test/pets", ("Authorization", "unauthorized")))
        {
            await ShouldBeAsync(unauthorized, HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""", "UnauthorizedException");
        }

        using (var crashed = await GetAsync(apiId, "/test/pets", ("Authorization", "crash")))
        {
            await ShouldBeAsync(crashed, HttpStatusCode.InternalServerError, """{"message": null}""", "AuthorizerConfigurationException");
        }
    }

    [Fact]
    public async Task FlushStageAuthorizersCache_CachedResults_AreAskedForAgain()
    {
        var apiId = await GuardedApiAsync("TOKEN", "--identity-source", "method.request.header.Authorization", "--authorizer-result-ttl-in-seconds", "300");
        async Task<string> NonceAsync()
        {
            using var response = await GetAsync(apiId, "/test/pets", ("Authorization", "allow-flush"));
            return (await AuthorizerSeenAsync(response)).GetProperty("nonce").GetString()!;
        }

        var first = await NonceAsync();
        Assert.Equal(first, await NonceAsync());

        // aws apigateway flush-stage-authorizers-cache: the next request calls the authorizer again, and is cached again.
        (await fixture.Cli.RunAsync(["apigateway", "flush-stage-authorizers-cache", "--rest-api-id", apiId, "--stage-name", "test"])).ShouldSucceed();
        var second = await NonceAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(second, await NonceAsync());

        Assert.Equal("Invalid Stage identifier specified",
            (await fixture.Cli.RunAsync(["apigateway", "flush-stage-authorizers-cache", "--rest-api-id", apiId, "--stage-name", "nostage"]))
                .ShouldFailWith("NotFoundException", "FlushStageAuthorizersCache"));
    }

    [Fact]
    public async Task RequestAuthorizer_ReadsEveryIdentitySourceAndGetsTheRequestWithoutBody()
    {
        var apiId = await GuardedApiAsync("REQUEST", "--identity-source", "method.request.header.x-user, method.request.querystring.q",
            "--authorizer-result-ttl-in-seconds", "0");

        using (var noQuery = await GetAsync(apiId, "/test/pets", ("x-user", "allow-2")))
        {
            await ShouldBeAsync(noQuery, HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}""", "UnauthorizedException");
        }

        string nonce;
        using (var allowed = await GetAsync(apiId, "/test/pets?q=1", ("x-user", "allow-2")))
        {
            var authorizer = await AuthorizerSeenAsync(allowed);
            Assert.Equal("REQUEST", authorizer.GetProperty("type").GetString());
            Assert.Equal("false", authorizer.GetProperty("hasBody").GetString());
            Assert.Equal("user-allow-2", authorizer.GetProperty("principalId").GetString());
            nonce = authorizer.GetProperty("nonce").GetString()!;
        }

        using (var again = await GetAsync(apiId, "/test/pets?q=1", ("x-user", "allow-2")))
        {
            Assert.NotEqual(nonce, (await AuthorizerSeenAsync(again)).GetProperty("nonce").GetString()); // TTL 0: no cache
        }

        using var denied = await GetAsync(apiId, "/test/pets?q=1", ("x-user", "deny-2"));
        await ShouldBeAsync(denied, HttpStatusCode.Forbidden, """{"Message":"User is not authorized to access this resource with an explicit deny"}""",
            "AccessDeniedException");
    }
}
