using System.Text;
using System.Text.Json;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Authorization.Lambda;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Responses;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Gatehouse.UnitTests.DataPlane.Lambda;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.Authorization;

/// <summary>
/// HTTP APIs' Lambda (REQUEST) authorizers as AWS documents them (http-api-lambda-authorizer): identity sources, the
/// 1.0 and 2.0 events, simple and IAM-policy answers, result caching, and failures.
/// </summary>
public sealed class LambdaRouteAuthorizerTests
{
    private const string RouteArn = "arn:aws:execute-api:us-east-1:000000000000:api0000001/prod/GET/pets";
    private readonly ManualTimeProvider _time = new();

    private static LambdaRequest Request(string? authorization = "token-1") => new()
    {
        RouteKey = "GET /pets",
        StagePath = "/pets",
        Query = "?a=1",
        Headers = authorization is null ? [] : [("Authorization", authorization)],
    };

    private LambdaRouteAuthorizer Authorizer(FakeFunctionInvoker invoker, string format = "2.0", bool simple = true, int ttl = 0,
        string[]? sources = null, TimeSpan? timeout = null, IFunctionInvoker? invoker2 = null) =>
        new(new LambdaAuthorizerConfig
        {
            AuthorizerId = "auth001",
            Region = "us-east-1",
            Function = new StageFunction(LambdaFunctionUri.TryParse(LambdaRequest.FunctionArn, out var f, out _) ? f : throw new InvalidOperationException()),
            PayloadFormat = format == "2.0" ? LambdaPayloadFormat.V2 : LambdaPayloadFormat.V1,
            SimpleResponses = simple,
            ResultTtl = TimeSpan.FromSeconds(ttl),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            IdentitySources = [.. (sources ?? ["$request.header.Authorization"]).Select(IdentitySource.Parse)],
        }, invoker2 ?? invoker, new InMemoryStateStore(_time), NullLogger.Instance);

    private static async Task<AuthorizationResult> Run(LambdaRouteAuthorizer authorizer, LambdaRequest request)
    {
        var (http, context, _) = request.Build();
        return await authorizer.AuthorizeAsync(http, context);
    }

    private static string Policy(string effect, string resource, string extra = "") =>
        $$"""{"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":"{{resource}}"}]}{{extra}}}""";

    [Fact]
    public async Task Authorize_MissingIdentitySource_Is401WithoutCallingTheFunction()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":true}""");

        var result = await Run(Authorizer(invoker), Request(authorization: null));

        Assert.Same(GatewayResponse.Unauthorized, result.Denial);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task Authorize_SimpleTrue_AllowsWithContextKeepingJsonTypes()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":true,"context":{"user":"ann","n":1,"ok":true,"list":["a"]}}""");

        var result = await Run(Authorizer(invoker), Request());

        Assert.True(result.IsAllowed);
        Assert.Equal(AuthorizerKind.Lambda, result.Output!.Kind);
        Assert.Equal("ann", result.Output.Variable("user"));
        Assert.Equal("1", result.Output.Variable("n"));
        Assert.Equal("true", result.Output.Variable("ok"));
        Assert.Equal(JsonValueKind.Number, result.Output.LambdaContext.GetProperty("n").ValueKind);
    }

    [Fact]
    public async Task Authorize_SimpleFalse_Is403()
    {
        var result = await Run(Authorizer(FakeFunctionInvoker.Returning("""{"isAuthorized":false}""")), Request());

        Assert.Same(GatewayResponse.Forbidden, result.Denial);
    }

    [Theory]
    [InlineData("""{"isAuthorized":"true"}""")]
    [InlineData("""{"context":{}}""")]
    [InlineData("""[true]""")]
    [InlineData("""not json""")]
    [InlineData("""{"isAuthorized":true,"context":"x"}""")]
    public async Task Authorize_InvalidSimpleAnswer_Is500(string answer)
    {
        var result = await Run(Authorizer(FakeFunctionInvoker.Returning(answer)), Request());

        Assert.Same(GatewayResponse.InternalServerError, result.Denial);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Authorize_V2Event_IsTheRequestEventWithTypeRouteArnAndIdentitySources()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":true}""");

        await Run(Authorizer(invoker, sources: ["$request.header.Authorization", "$request.querystring.a"]), Request());

        var e = JsonDocument.Parse(invoker.Calls.Single().Event).RootElement;
        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("REQUEST", e.GetProperty("type").GetString());
        Assert.Equal(RouteArn, e.GetProperty("routeArn").GetString());
        Assert.Equal(["token-1", "1"], e.GetProperty("identitySource").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("GET /pets", e.GetProperty("routeKey").GetString());
        Assert.Equal("a=1", e.GetProperty("rawQueryString").GetString());
        Assert.Equal("token-1", e.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Equal("prod", e.GetProperty("requestContext").GetProperty("stage").GetString());
        Assert.False(e.TryGetProperty("body", out _));
        Assert.False(e.TryGetProperty("isBase64Encoded", out _));
    }

    [Fact]
    public async Task Authorize_V1Event_IsTheRestRequestEventWithMethodArnAndJoinedIdentity()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow", RouteArn));

        await Run(Authorizer(invoker, format: "1.0", simple: false, sources: ["$request.header.Authorization", "$request.querystring.a"]), Request());

        var e = JsonDocument.Parse(invoker.Calls.Single().Event).RootElement;
        Assert.Equal("1.0", e.GetProperty("version").GetString());
        Assert.Equal("REQUEST", e.GetProperty("type").GetString());
        Assert.Equal(RouteArn, e.GetProperty("methodArn").GetString());
        Assert.Equal("token-1,1", e.GetProperty("identitySource").GetString());
        Assert.Equal("token-1,1", e.GetProperty("authorizationToken").GetString());
        Assert.Equal("/pets", e.GetProperty("resource").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal("token-1", e.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Equal("1", e.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.False(e.TryGetProperty("body", out _));
    }

    [Theory]
    [InlineData("Allow", RouteArn, true)]
    [InlineData("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/*", true)]
    [InlineData("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/prod/POST/pets", false)]
    [InlineData("Deny", RouteArn, false)]
    public async Task Authorize_PolicyAnswer_AllowsOnlyAMatchingAllow(string effect, string resource, bool allowed)
    {
        var result = await Run(Authorizer(FakeFunctionInvoker.Returning(Policy(effect, resource, ""","context":{"n":2}""")), simple: false), Request());

        Assert.Equal(allowed, result.IsAllowed);
        if (allowed)
        {
            Assert.Equal("user-7", result.Output!.PrincipalId);
            Assert.Equal("user-7", result.Output.Variable("principalId"));
            Assert.Equal("2", result.Output.Variable("n"));
        }
        else
        {
            Assert.Same(GatewayResponse.Forbidden, result.Denial);
        }
    }

    [Fact]
    public async Task Authorize_PolicyAnswerWithoutPolicyDocument_Is500()
    {
        var result = await Run(Authorizer(FakeFunctionInvoker.Returning("""{"principalId":"x"}"""), simple: false), Request());

        Assert.Same(GatewayResponse.InternalServerError, result.Denial);
    }

    [Fact]
    public async Task Authorize_FunctionError_Is500()
    {
        var invoker = FakeFunctionInvoker.Failing(new InvocationResult
        {
            Status = InvocationStatus.Completed,
            FunctionError = "Unhandled",
            Payload = """{"errorType":"Error","errorMessage":"boom"}"""u8.ToArray(),
        });

        var result = await Run(Authorizer(invoker), Request());

        Assert.Same(GatewayResponse.InternalServerError, result.Denial);
    }

    [Theory]
    [InlineData("""{"errorType":"Error","errorMessage":"Unauthorized"}""")]
    [InlineData("""{"errorMessage": "Unauthorized", "errorType": "Exception", "requestId": "r", "stackTrace": []}""")]
    public async Task Authorize_FunctionErrorUnauthorized_Is401(string document)
    {
        var invoker = FakeFunctionInvoker.Failing(new InvocationResult
        {
            Status = InvocationStatus.Completed,
            FunctionError = "Unhandled",
            Payload = Encoding.UTF8.GetBytes(document),
        });

        var result = await Run(Authorizer(invoker), Request());

        Assert.Same(GatewayResponse.Unauthorized, result.Denial);
    }

    [Theory]
    [InlineData(InvocationStatus.FunctionNotFound)]
    [InlineData(InvocationStatus.Throttled)]
    public async Task Authorize_InvocationRejected_Is500(InvocationStatus status)
    {
        var result = await Run(Authorizer(FakeFunctionInvoker.Failing(new InvocationResult { Status = status, ErrorMessage = "no" })), Request());

        Assert.Same(GatewayResponse.InternalServerError, result.Denial);
    }

    [Fact]
    public async Task Authorize_FunctionSlowerThanTimeout_Is500()
    {
        var invoker = new FakeFunctionInvoker { Hang = true };

        var result = await Run(Authorizer(invoker, timeout: TimeSpan.FromMilliseconds(50)), Request());

        Assert.Same(GatewayResponse.InternalServerError, result.Denial);
    }

    [Fact]
    public async Task Authorize_WithTtl_SameIdentityIsAnsweredFromCacheUntilItExpires()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":true,"context":{"n":1}}""");
        var authorizer = Authorizer(invoker, ttl: 300);

        var first = await Run(authorizer, Request());
        var second = await Run(authorizer, Request());
        var other = await Run(authorizer, Request("token-2"));
        _time.Advance(TimeSpan.FromSeconds(301));
        var expired = await Run(authorizer, Request());

        Assert.True(first.IsAllowed && second.IsAllowed && other.IsAllowed && expired.IsAllowed);
        Assert.Equal("1", second.Output!.Variable("n"));
        Assert.Equal(3, invoker.Calls.Count);
    }

    [Fact]
    public async Task Authorize_WithTtl_CachedDenialStaysDenied()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":false}""");
        var authorizer = Authorizer(invoker, ttl: 300);

        await Run(authorizer, Request());
        var second = await Run(authorizer, Request());

        Assert.Same(GatewayResponse.Forbidden, second.Denial);
        Assert.Single(invoker.Calls);
    }

    [Fact]
    public async Task Authorize_CachedPolicy_IsEvaluatedAgainstEachRoute()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow", RouteArn));
        var authorizer = Authorizer(invoker, simple: false, ttl: 300);

        var pets = await Run(authorizer, Request());
        var other = await Run(authorizer, new LambdaRequest { RouteKey = "GET /other", StagePath = "/other", Headers = [("Authorization", "token-1")] });

        Assert.True(pets.IsAllowed);
        Assert.Same(GatewayResponse.Forbidden, other.Denial);
        Assert.Single(invoker.Calls);
    }

    [Fact]
    public async Task Authorize_ConcurrentMissesForOneIdentity_ShareOneInvocation()
    {
        var gate = new GatedFunctionInvoker("""{"isAuthorized":true}""");
        var authorizer = Authorizer(null!, ttl: 300, invoker2: gate);

        var requests = Enumerable.Range(0, 10).Select(_ => Run(authorizer, Request())).ToList();
        await Task.Delay(50);
        gate.Release();
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.True(r.IsAllowed));
        Assert.Equal(1, gate.Calls);
    }

    [Fact]
    public async Task Authorize_ConcurrentMissesForDifferentIdentities_InvokeEach()
    {
        var gate = new GatedFunctionInvoker("""{"isAuthorized":true}""");
        var authorizer = Authorizer(null!, ttl: 300, invoker2: gate);

        var first = Run(authorizer, Request("token-1"));
        var second = Run(authorizer, Request("token-2"));
        await Task.Delay(50);
        gate.Release();
        await Task.WhenAll(first, second);

        Assert.Equal(2, gate.Calls);
    }

    [Fact]
    public async Task Authorize_ZeroTtl_CallsEveryTime()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"isAuthorized":true}""");
        var authorizer = Authorizer(invoker, ttl: 0);

        await Run(authorizer, Request());
        await Run(authorizer, Request());

        Assert.Equal(2, invoker.Calls.Count);
    }
}
