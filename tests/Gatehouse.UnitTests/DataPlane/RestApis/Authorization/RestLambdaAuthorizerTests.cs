using System.Text;
using System.Text.Json;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.RestApis;
using Gatehouse.DataPlane.RestApis.Authorization;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.RestApis;
using Gatehouse.Store.State;
using Gatehouse.UnitTests.DataPlane.Lambda;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Authorization;

/// <summary>
/// REST APIs' Lambda authorizers as AWS documents them (apigateway-use-lambda-authorizer, facts §7.3): the TOKEN and
/// REQUEST events, identity sources and the validation expression, policies evaluated against the request's method ARN
/// (cached ones too), and AWS's answers for each failure.
/// </summary>
public sealed class RestLambdaAuthorizerTests : IDisposable
{
    private const string MethodArn = "arn:aws:execute-api:us-east-1:000000000000:api0000001/prod/GET/pets/7";
    private readonly ManualTimeProvider _time = new();
    private readonly JwtValidator _jwt = new();

    public void Dispose() => _jwt.Dispose();

    private static string Policy(string effect, string resource = MethodArn, string context = """{"user":"ann","n":1,"ok":true}""") =>
        $$"""{"principalId":"user-7","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":"{{resource}}"}]},"context":{{context}}}""";

    private (RestMethodAuthorizer Authorizer, CompiledRestStage Stage) Build(IFunctionInvoker invoker, RestAuthorizer authorizer)
    {
        var snapshot = RestSnapshots.Snapshot([("/pets/{id}", ["GET"])],
            m => m with { AuthorizationType = "CUSTOM", AuthorizerId = authorizer.Id }) with
        { Authorizers = [authorizer] };
        var owner = new RestAuthorizers(new DataPlaneOptions(), new InMemoryStateStore(_time), _jwt, NullLogger<RestAuthorizers>.Instance, invoker);
        var deployment = RestApiCompiler.Compile("api0000001", snapshot, owner.For(snapshot));
        var stage = new CompiledRestStage("prod", deployment, new Dictionary<string, string> { ["tier"] = "gold" }, [], null, null);
        return (deployment.Methods.Single().Authorizer!, stage);
    }

    private static RestAuthorizer Token(int? ttl = 300, string? expression = null) => new()
    {
        Id = "auth01",
        Name = "token",
        Type = "TOKEN",
        AuthorizerUri = RestSnapshots.Lambda,
        IdentitySource = "method.request.header.Authorization",
        IdentityValidationExpression = expression,
        AuthorizerResultTtlInSeconds = ttl,
    };

    private static RestAuthorizer Request(string sources, int? ttl = 0) => new()
    {
        Id = "auth02",
        Name = "request",
        Type = "REQUEST",
        AuthorizerUri = RestSnapshots.Lambda,
        IdentitySource = sources,
        AuthorizerResultTtlInSeconds = ttl,
    };

    private static async Task<RestAuthorization> Run(RestMethodAuthorizer authorizer, CompiledRestStage stage, string? token = "allow-1",
        string path = "/pets/7", string query = "", params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.QueryString = new QueryString(query);
        if (token is not null)
        {
            http.Request.Headers.Authorization = token;
        }

        foreach (var (name, value) in headers)
        {
            http.Request.Headers[name] = value;
        }

        var context = new RequestContext
        {
            RequestId = Guid.NewGuid().ToString(),
            ExtendedRequestId = "abcdefghijklmno=",
            ApiId = "api0000001",
            AccountId = "000000000000",
            DomainName = "api0000001.execute-api.localhost",
            HttpMethod = "GET",
            Path = "/prod" + path,
            RequestTimeEpoch = 0,
            SourceIp = "127.0.0.1",
            TraceId = "Root=1-00000000-0123456789abcdef01234567",
            RestStageName = "prod",
        };
        var method = stage.Deployment.Methods.Single();
        var state = new RestRequestState { Stage = stage, Path = path, Method = method, PathParameters = [new("id", path[(path.LastIndexOf('/') + 1)..])] };
        return await authorizer.AuthorizeAsync(http, context, state);
    }

    [Fact]
    public async Task Token_Allow_SendsTheTokenEventAndPassesPrincipalAndContext()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token());

        var result = await Run(authorizer, stage);

        Assert.True(result.IsAllowed);
        var e = JsonDocument.Parse(invoker.Calls.Single().Event).RootElement;
        Assert.Equal("TOKEN", e.GetProperty("type").GetString());
        Assert.Equal("allow-1", e.GetProperty("authorizationToken").GetString());
        Assert.Equal(MethodArn, e.GetProperty("methodArn").GetString());
        Assert.Equal(3, e.EnumerateObject().Count());
        Assert.Equal(AuthorizerKind.Lambda, result.Output!.Kind);
        Assert.Equal("user-7", result.Output.Variable("principalId"));
        Assert.Equal("ann", result.Output.Variable("user"));
        Assert.Equal("1", result.Output.Variable("n"));
        Assert.Equal("true", result.Output.Variable("ok"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Token_MissingHeader_Is401WithoutCallingTheFunction(string? token)
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token());

        var result = await Run(authorizer, stage, token);

        Assert.Same(RestGatewayError.Unauthorized, result.Denial);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task Token_ValidationExpression_RefusesWholeMismatchesWithoutCallingTheFunction()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token(expression: "allow-[0-9]+"));

        var refused = await Run(authorizer, stage, "xallow-1");
        var partial = await Run(authorizer, stage, "allow-1x");
        var accepted = await Run(authorizer, stage, "allow-12");

        Assert.Same(RestGatewayError.Unauthorized, refused.Denial);
        Assert.Same(RestGatewayError.Unauthorized, partial.Denial);
        Assert.True(accepted.IsAllowed);
        Assert.Single(invoker.Calls);
    }

    [Theory]
    [InlineData("Deny", MethodArn, "ACCESS_DENIED", """{"Message":"User is not authorized to access this resource with an explicit deny"}""")]
    [InlineData("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/prod/POST/*", "ACCESS_DENIED",
        """{"Message":"User is not authorized to access this resource"}""")]
    public async Task Token_PolicyThatDoesNotAllowTheMethod_Is403WithAwsText(string effect, string resource, string type, string body)
    {
        var (authorizer, stage) = Build(FakeFunctionInvoker.Returning(Policy(effect, resource)), Token());

        var result = await Run(authorizer, stage);

        Assert.Equal(type, result.Denial!.Type);
        Assert.Equal(403, result.Denial.StatusCode);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Denial.DefaultBody.Span));
        Assert.Equal("AccessDeniedException", result.Denial.ErrorType);
    }

    [Fact]
    public async Task Token_CachedPolicy_IsEvaluatedAgainstEachRequestsOwnMethodArn()
    {
        // The classic gotcha (facts §7.3): a policy naming one method, cached, refuses the next method.
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token());

        var first = await Run(authorizer, stage, path: "/pets/7");
        var again = await Run(authorizer, stage, path: "/pets/7");
        var other = await Run(authorizer, stage, path: "/pets/8");

        Assert.True(first.IsAllowed);
        Assert.True(again.IsAllowed);
        Assert.Same(RestGatewayError.AuthorizerDenied, other.Denial);
        Assert.Single(invoker.Calls);
        Assert.Equal(0, again.Output!.IntegrationLatency);
    }

    [Fact]
    public async Task Token_TtlZero_CallsTheFunctionEveryTime()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token(ttl: 0));

        await Run(authorizer, stage);
        await Run(authorizer, stage);

        Assert.Equal(2, invoker.Calls.Count);
    }

    [Fact]
    public async Task Token_CachedAnswer_ExpiresWithTheTtl()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Token(ttl: 60));

        await Run(authorizer, stage);
        _time.Advance(TimeSpan.FromSeconds(61));
        await Run(authorizer, stage);

        Assert.Equal(2, invoker.Calls.Count);
    }

    [Fact]
    public async Task Authorize_FunctionSaysUnauthorized_Is401()
    {
        var invoker = FakeFunctionInvoker.Failing(new InvocationResult
        {
            Status = InvocationStatus.Completed,
            FunctionError = "Unhandled",
            Payload = """{"errorType":"Error","errorMessage":"Unauthorized"}"""u8.ToArray(),
        });
        var (authorizer, stage) = Build(invoker, Token());

        var result = await Run(authorizer, stage);

        Assert.Same(RestGatewayError.Unauthorized, result.Denial);
    }

    [Theory]
    [InlineData("""{"principalId":"x"}""")]
    [InlineData("not json")]
    [InlineData("""{"principalId":"x","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]},"context":{"nested":{"a":1}}}""")]
    public async Task Authorize_AnswerThatIsNotAPolicy_Is500AuthorizerConfigurationError(string answer)
    {
        var (authorizer, stage) = Build(FakeFunctionInvoker.Returning(answer), Token());

        var result = await Run(authorizer, stage);

        Assert.Same(RestGatewayError.AuthorizerConfigurationError, result.Denial);
        Assert.Equal("""{"message": null}""", Encoding.UTF8.GetString(result.Denial!.DefaultBody.Span));
        Assert.Equal("AuthorizerConfigurationException", result.Denial.ErrorType);
    }

    [Fact]
    public async Task Authorize_FunctionCrashes_Is500AndNothingIsCached()
    {
        var calls = 0;
        var invoker = new FakeFunctionInvoker(_ => ++calls == 1
            ? new InvocationResult { Status = InvocationStatus.Completed, FunctionError = "Unhandled", Payload = """{"errorMessage":"boom"}"""u8.ToArray() }
            : new InvocationResult { Status = InvocationStatus.Completed, Payload = Encoding.UTF8.GetBytes(Policy("Allow")) });
        var (authorizer, stage) = Build(invoker, Token());

        var crashed = await Run(authorizer, stage);
        var retried = await Run(authorizer, stage);

        Assert.Same(RestGatewayError.AuthorizerConfigurationError, crashed.Denial);
        Assert.True(retried.IsAllowed);
    }

    [Fact]
    public async Task Request_SendsTheProxyEventWithoutBodyWithTypeAndMethodArn()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Request("method.request.header.x-user, method.request.querystring.q, stageVariables.tier, context.httpMethod"));

        var result = await Run(authorizer, stage, token: null, query: "?q=1&q=2", headers: ("x-user", "ann"));

        Assert.True(result.IsAllowed);
        var e = JsonDocument.Parse(invoker.Calls.Single().Event).RootElement;
        Assert.Equal("REQUEST", e.GetProperty("type").GetString());
        Assert.Equal(MethodArn, e.GetProperty("methodArn").GetString());
        Assert.Equal("/pets/{id}", e.GetProperty("resource").GetString());
        Assert.Equal("/pets/7", e.GetProperty("path").GetString());
        Assert.Equal("ann", e.GetProperty("headers").GetProperty("x-user").GetString());
        Assert.Equal("2", e.GetProperty("queryStringParameters").GetProperty("q").GetString());
        Assert.Equal("7", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("gold", e.GetProperty("stageVariables").GetProperty("tier").GetString());
        Assert.Equal("prod", e.GetProperty("requestContext").GetProperty("stage").GetString());
        Assert.False(e.TryGetProperty("body", out _));
        Assert.False(e.TryGetProperty("version", out _));
    }

    [Theory]
    [InlineData("", "?q=1")]
    [InlineData("ann", "")]
    public async Task Request_AnyMissingIdentitySource_Is401WithoutCallingTheFunction(string user, string query)
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow"));
        var (authorizer, stage) = Build(invoker, Request("method.request.header.x-user,method.request.querystring.q"));

        var result = await Run(authorizer, stage, token: null, query: query, headers: ("x-user", user));

        Assert.Same(RestGatewayError.Unauthorized, result.Denial);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task Token_ConcurrentMissesForOneIdentity_ShareOneInvocation()
    {
        var gate = new GatedFunctionInvoker(Policy("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/*"));
        var (authorizer, stage) = Build(gate, Token(ttl: 300));

        var requests = Enumerable.Range(0, 10).Select(_ => Run(authorizer, stage)).ToList();
        await Task.Delay(50);
        gate.Release();
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.True(r.IsAllowed));
        Assert.Equal(1, gate.Calls);
        Assert.True((await Run(authorizer, stage)).IsAllowed); // and cached
        Assert.Equal(1, gate.Calls);
    }

    [Fact]
    public async Task Token_ConcurrentMissesWithoutCaching_InvokeEach()
    {
        var gate = new GatedFunctionInvoker(Policy("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/*"));
        var (authorizer, stage) = Build(gate, Token(ttl: 0));

        var requests = Enumerable.Range(0, 3).Select(_ => Run(authorizer, stage)).ToList();
        await Task.Delay(50);
        gate.Release();
        await Task.WhenAll(requests);

        Assert.Equal(3, gate.Calls);
    }

    [Fact]
    public async Task Request_CachesByAllIdentityValues()
    {
        var invoker = FakeFunctionInvoker.Returning(Policy("Allow", "arn:aws:execute-api:us-east-1:000000000000:api0000001/*"));
        var (authorizer, stage) = Build(invoker, Request("method.request.header.x-user,method.request.querystring.q", ttl: 300));

        await Run(authorizer, stage, token: null, query: "?q=1", headers: ("x-user", "ann"));
        await Run(authorizer, stage, token: null, query: "?q=1", headers: ("x-user", "ann"));
        await Run(authorizer, stage, token: null, query: "?q=2", headers: ("x-user", "ann"));

        Assert.Equal(2, invoker.Calls.Count);
    }

    [Fact]
    public void Compile_MethodNamingAnAuthorizerTheDeploymentLacks_Throws()
    {
        var snapshot = RestSnapshots.Snapshot([("/pets", ["GET"])], m => m with { AuthorizationType = "CUSTOM", AuthorizerId = "nope" });
        var owner = new RestAuthorizers(new DataPlaneOptions(), new InMemoryStateStore(_time), _jwt, NullLogger<RestAuthorizers>.Instance);

        Assert.Throws<InvalidOperationException>(() => RestApiCompiler.Compile("api0000001", snapshot, owner.For(snapshot)));
    }
}
