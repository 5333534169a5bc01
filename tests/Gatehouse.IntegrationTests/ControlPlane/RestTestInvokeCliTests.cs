using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.IntegrationTests.DataPlane;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// TestInvokeMethod and TestInvokeAuthorizer with the real AWS CLI (<c>aws apigateway test-invoke-method</c>,
/// <c>test-invoke-authorizer</c>): the API's working copy, never deployed or changed since, run through MOCK, HTTP and
/// AWS_PROXY integrations without authorization, and Lambda authorizers run on given headers. Expected outputs follow
/// AWS's recorded TestInvokeMethod answers (test_apigateway_api.snapshot.json, TestApigatewayTestInvoke).
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed partial class RestTestInvokeCliTests(GatehouseFixture fixture)
{
    /// <summary>Allows or denies by the token's first word (TOKEN) or the x-user header (REQUEST); <c>unauthorized</c> fails.</summary>
    private const string AuthorizerHandler = """
        exports.handler = async (event) => {
          const token = event.type === 'TOKEN' ? event.authorizationToken : (event.headers['x-user'] || '');
          if (token === 'unauthorized') throw new Error('Unauthorized');
          return {
            principalId: 'user-' + token,
            policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: token.startsWith('deny') ? 'Deny' : 'Allow', Resource: event.methodArn }] },
            context: { type: event.type, methodArn: event.methodArn, stage: event.requestContext ? event.requestContext.stage : 'none', color: event.stageVariables ? event.stageVariables.color : 'none', n: 7 },
          };
        };
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<string>> Authorizers = [];

    private RestDataPlaneCli Cli => new(fixture.Cli);

    private Task<string> AuthorizerFunctionAsync() => Authorizers.GetValue(fixture, f => f.Cli.CreateFunctionAsync(LambdaKit.UniqueName("test-invoke-authorizer"),
        LambdaKit.Zip(("index.js", AuthorizerHandler, 0x8000 | 0b110_100_100))).ContinueWith(t => t.Result.GetProperty("FunctionName").GetString()!, TaskScheduler.Default));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private Task<CliResult> Run(params string[] arguments) => fixture.Cli.RunAsync(["apigateway", .. arguments]);

    private async Task<JsonElement> TestInvokeAsync(string apiId, string resourceId, string verb, params string[] extra) =>
        (await Run(["test-invoke-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, .. extra])).ShouldSucceed().Json;

    /// <summary>An API with GET /pets/{petId} on a MOCK integration whose response template shows the path parameter and the stage.</summary>
    private async Task<(string ApiId, string PetId)> MockApiAsync(string responseTemplate)
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-mock");
        var pets = await Cli.ResourceAsync(apiId, rootId, "pets");
        var pet = await Cli.ResourceAsync(apiId, pets, "{petId}");
        await Cli.MethodAsync(apiId, pet, "GET");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET", "--type", "MOCK",
            "--request-templates", Json(new Dictionary<string, string> { ["application/json"] = """{"statusCode": 200}""" }));
        await Cli.RunAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET", "--status-code", "200");
        await Cli.RunAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET", "--status-code", "200",
            "--response-templates", Json(new Dictionary<string, string> { ["application/json"] = responseTemplate }));
        return (apiId, pet);
    }

    /// <summary>The log's lines without their timestamps; every stamped line is checked for Java's Date format.</summary>
    private static List<string> LogLines(JsonElement output)
    {
        var lines = output.GetProperty("log").GetString()!.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Matches("^Execution log for request [0-9a-f-]{36}$", lines[0]);
        var text = new List<string> { lines[0] };
        foreach (var line in lines[1..^1])
        {
            var match = StampedLine().Match(line);
            Assert.True(match.Success, $"not a stamped log line: {line}");
            text.Add(match.Groups[1].Value);
        }

        return text;
    }

    [GeneratedRegex(@"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : (.*)$")]
    private static partial Regex StampedLine();

    [Fact]
    public async Task TestInvokeMethod_MockWithTemplate_AnswersAndLogsAsAws()
    {
        var (apiId, pet) = await MockApiAsync("""{"petId": "$input.params('petId')"}""");

        var output = await TestInvokeAsync(apiId, pet, "GET", "--path-with-query-string", "/pets/123?foo=bar", "--headers", "k=v");

        Assert.Equal(200, output.GetProperty("status").GetInt32());
        Assert.Equal("""{"petId": "123"}""", output.GetProperty("body").GetString());
        Assert.Equal("application/json", output.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Equal("application/json", output.GetProperty("multiValueHeaders").GetProperty("Content-Type")[0].GetString());
        Assert.True(output.GetProperty("latency").GetInt64() >= 0);
        var lines = LogLines(output);
        var requestId = lines[0]["Execution log for request ".Length..];
        Assert.Equal(
        [
            "Starting execution for request: " + requestId,
            "HTTP Method: GET, Resource Path: /pets/123",
            "Method request path: {petId=123}",
            "Method request query string: {foo=bar}",
            "Method request headers: {k=v}",
            "Method request body before transformations: ",
            """Method response body after transformations: {"petId": "123"}""",
            "Method response headers: {Content-Type=application/json}",
            "Successfully completed execution",
            "Method completed with status: 200",
        ], lines[1..]);
    }

    [Fact]
    public async Task TestInvokeMethod_PathOmittedOrOffTheResource_RunsTheMethodAsAws()
    {
        var (apiId, pet) = await MockApiAsync("""{"petId": "$input.params('petId')"}""");

        // AWS recorded: no path runs the resource's own path; a path the resource does not match runs it without parameters.
        var template = await TestInvokeAsync(apiId, pet, "GET");
        Assert.Equal("""{"petId": "{petId}"}""", template.GetProperty("body").GetString());
        Assert.Contains("Method request path: {petId={petId}}", LogLines(template));

        var elsewhere = await TestInvokeAsync(apiId, pet, "GET", "--path-with-query-string", "/random/test");
        Assert.Equal(200, elsewhere.GetProperty("status").GetInt32());
        Assert.Equal("""{"petId": ""}""", elsewhere.GetProperty("body").GetString());
        Assert.Contains("HTTP Method: GET, Resource Path: /random/test", LogLines(elsewhere));
    }

    [Fact]
    public async Task TestInvokeMethod_StageVariables_ReachTheTemplatesOnTheTestStage()
    {
        var (apiId, pet) = await MockApiAsync("""{"color": "$stageVariables.color", "stage": "$context.stage"}""");

        var output = await TestInvokeAsync(apiId, pet, "GET", "--path-with-query-string", "/pets/1", "--stage-variables", "color=green");

        Assert.Equal("""{"color": "green", "stage": "test-invoke-stage"}""", output.GetProperty("body").GetString());
    }

    [Fact]
    public async Task TestInvokeMethod_UndeployedChange_IsWhatTheTestRuns()
    {
        var (apiId, pet) = await MockApiAsync("""{"version": 1}""");
        await Cli.DeployAsync(apiId, "live");
        await Cli.RunAsync("update-integration-response", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET", "--status-code", "200",
            "--patch-operations", "op=replace,path=/responseTemplates/application~1json,value='{\"version\": 2}'");

        var output = await TestInvokeAsync(apiId, pet, "GET", "--path-with-query-string", "/pets/1");

        Assert.Equal("""{"version": 2}""", output.GetProperty("body").GetString());
        using var served = await fixture.DataPlane.Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/live/pets/1"));
        Assert.Equal("""{"version": 1}""", await served.ShouldBeAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task TestInvokeMethod_HttpIntegration_CallsTheBackendWithoutAuthorizationOrApiKey()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-http");
        var items = await Cli.ResourceAsync(apiId, rootId, "items");
        var item = await Cli.ResourceAsync(apiId, items, "{id}");
        // AWS_IAM and an API key: a served request without either is refused; the test invocation bypasses both.
        await Cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", item, "--http-method", "POST", "--authorization-type", "AWS_IAM",
            "--api-key-required");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", item, "--http-method", "POST", "--type", "HTTP",
            "--integration-http-method", "PUT", "--uri", fixture.Backend.BaseUrl + "/backend/items/{id}",
            "--request-parameters", Json(new Dictionary<string, string> { ["integration.request.path.id"] = "method.request.path.id" }),
            "--request-templates", Json(new Dictionary<string, string> { ["application/json"] = """{"sent": $input.json('$'), "env": "$stageVariables.env"}""" }));
        await Cli.RunAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", item, "--http-method", "POST", "--status-code", "200");
        await Cli.RunAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", item, "--http-method", "POST", "--status-code", "200",
            "--response-templates", Json(new Dictionary<string, string>
            {
                ["application/json"] = """{"path": "$input.path('$.path')", "method": "$input.path('$.method')", "body": $input.path('$.body')}""",
            }));

        var output = await TestInvokeAsync(apiId, item, "POST", "--path-with-query-string", "/items/7", "--body", """{"a": 1}""",
            "--headers", "Content-Type=application/json", "--stage-variables", "env=qa");

        Assert.Equal(200, output.GetProperty("status").GetInt32());
        var body = JsonDocument.Parse(output.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("/backend/items/7", body.GetProperty("path").GetString());
        Assert.Equal("PUT", body.GetProperty("method").GetString());
        Assert.Equal(1, body.GetProperty("body").GetProperty("sent").GetProperty("a").GetInt32());
        Assert.Equal("qa", body.GetProperty("body").GetProperty("env").GetString());
        var lines = LogLines(output);
        Assert.Contains("Method request body before transformations: {\"a\": 1}", lines);
        Assert.Contains($"Endpoint request URI: {fixture.Backend.BaseUrl}/backend/items/7", lines);
        Assert.Contains(lines, l => l.StartsWith("Endpoint request body after transformations: {\"sent\": {\"a\":1}, \"env\": \"qa\"}", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Received response\. Status: 200, Integration latency: \d+ ms$"));
        Assert.Contains(lines, l => l.StartsWith("Endpoint response body before transformations: {", StringComparison.Ordinal));
        Assert.Equal("Method completed with status: 200", lines[^1]);
    }

    [Fact]
    public async Task TestInvokeMethod_RequestValidator_ChecksTheBodyAsAServedRequest()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-validated");
        var orders = await Cli.ResourceAsync(apiId, rootId, "orders");
        await Cli.RunAsync("create-model", "--rest-api-id", apiId, "--name", "Order", "--content-type", "application/json", "--schema",
            """{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}""");
        var validatorId = (await Cli.RunAsync("create-request-validator", "--rest-api-id", apiId, "--name", "body", "--validate-request-body"))
            .GetProperty("id").GetString()!;
        await Cli.MethodAsync(apiId, orders, "POST", "--request-validator-id", validatorId, "--request-models", "application/json=Order");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", orders, "--http-method", "POST", "--type", "MOCK",
            "--request-templates", Json(new Dictionary<string, string> { ["application/json"] = """{"statusCode": 200}""" }));
        await Cli.RunAsync("put-method-response", "--rest-api-id", apiId, "--resource-id", orders, "--http-method", "POST", "--status-code", "200");
        await Cli.RunAsync("put-integration-response", "--rest-api-id", apiId, "--resource-id", orders, "--http-method", "POST", "--status-code", "200",
            "--response-templates", Json(new Dictionary<string, string> { ["application/json"] = """{"ok": true}""" }));

        var invalid = await TestInvokeAsync(apiId, orders, "POST", "--path-with-query-string", "/orders", "--body", """{"qty": 1}""",
            "--headers", "Content-Type=application/json");
        Assert.Equal(400, invalid.GetProperty("status").GetInt32());
        Assert.Equal("Invalid request body", JsonDocument.Parse(invalid.GetProperty("body").GetString()!).RootElement.GetProperty("message").GetString());
        Assert.Equal("BadRequestException", invalid.GetProperty("headers").GetProperty("x-amzn-ErrorType").GetString());
        Assert.StartsWith("Request body does not match model schema for content type application/json: [", LogLines(invalid)[^2], StringComparison.Ordinal);

        var valid = await TestInvokeAsync(apiId, orders, "POST", "--path-with-query-string", "/orders", "--body", """{"sku": "a-1"}""",
            "--headers", "Content-Type=application/json");
        Assert.Equal(200, valid.GetProperty("status").GetInt32());
        Assert.Equal("""{"ok": true}""", valid.GetProperty("body").GetString());
        Assert.Contains("Request validation succeeded for content type application/json", LogLines(valid));
    }

    [Fact]
    public async Task TestInvokeMethod_HttpProxy_ForwardsTheRequestAndReturnsTheBackendsAnswer()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-http-proxy");
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await Cli.MethodAsync(apiId, proxy, "ANY", "--request-parameters", "method.request.path.proxy=true");
        await Cli.HttpProxyAsync(apiId, proxy, "ANY", fixture.Backend.BaseUrl + "/${stageVariables.prefix}/{proxy}",
            "--request-parameters", "integration.request.path.proxy=method.request.path.proxy");

        var output = await TestInvokeAsync(apiId, proxy, "ANY", "--path-with-query-string", "/a/b?x=1", "--body", "hello",
            "--headers", "x-echo-response-header=x-from-backend=yes", "--stage-variables", "prefix=upstream");

        Assert.Equal(200, output.GetProperty("status").GetInt32());
        var echoed = EchoedRequest.Parse(output.GetProperty("body").GetString()!);
        Assert.Equal("/upstream/a/b", echoed.Path);
        Assert.Equal("x=1", echoed.Query);
        Assert.Equal("hello", echoed.Body);
        Assert.Equal("yes", output.GetProperty("headers").GetProperty("x-from-backend").GetString());
        var lines = LogLines(output);
        Assert.Contains($"Endpoint request URI: {fixture.Backend.BaseUrl}/upstream/a/b?x=1", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Received response\. Status: 200, Integration latency: \d+ ms$"));
        Assert.Equal("Successfully completed execution", lines[^2]);
    }

    [Fact]
    public async Task TestInvokeMethod_UnreachableBackend_AnswersTheGatewayResponseAsAws()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-failure");
        await Cli.MethodAsync(apiId, rootId, "GET");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", rootId, "--http-method", "GET", "--type", "HTTP",
            "--integration-http-method", "GET", "--uri", "http://127.0.0.1:1/x");

        var output = await TestInvokeAsync(apiId, rootId, "GET", "--path-with-query-string", "/");

        // AWS recorded (a failed test invocation): 500, AWS's body, x-amzn-ErrorType alone, the failure then the status.
        Assert.Equal(500, output.GetProperty("status").GetInt32());
        Assert.Equal("Internal server error", JsonDocument.Parse(output.GetProperty("body").GetString()!).RootElement.GetProperty("message").GetString());
        var header = Assert.Single(output.GetProperty("headers").EnumerateObject());
        Assert.Equal(("x-amzn-ErrorType", "InternalServerErrorException"), (header.Name, header.Value.GetString()));
        var lines = LogLines(output);
        Assert.StartsWith("Execution failed due to an internal error: ", lines[^2], StringComparison.Ordinal);
        Assert.Equal("Method completed with status: 500", lines[^1]);
        Assert.DoesNotContain("Successfully completed execution", lines);
    }

    [Fact]
    public async Task TestInvokeMethod_LambdaProxy_SendsTheTestEventWithoutTheAuthorizer()
    {
        var echo = await fixture.EventEchoFunctionAsync();
        var authorizerFunction = await AuthorizerFunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("test-invoke-proxy");
        var items = await Cli.ResourceAsync(apiId, rootId, "items");
        var item = await Cli.ResourceAsync(apiId, items, "{id}");
        var authorizerId = (await Cli.RunAsync("create-authorizer", "--rest-api-id", apiId, "--name", "guard", "--type", "TOKEN",
            "--authorizer-uri", RestDataPlaneCli.LambdaUri(authorizerFunction), "--identity-source", "method.request.header.Authorization"))
            .GetProperty("id").GetString()!;
        await Cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", item, "--http-method", "GET", "--authorization-type", "CUSTOM",
            "--authorizer-id", authorizerId);
        await Cli.LambdaAsync(apiId, item, "GET", echo);

        var output = await TestInvokeAsync(apiId, item, "GET", "--path-with-query-string", "/items/5?q=1&q=2", "--headers", "x-a=b",
            "--stage-variables", "color=blue");

        Assert.Equal(200, output.GetProperty("status").GetInt32());
        Assert.Equal("application/json", output.GetProperty("headers").GetProperty("content-type").GetString());
        var seen = JsonDocument.Parse(output.GetProperty("body").GetString()!).RootElement;
        Assert.Equal("/items/{id}", seen.GetProperty("resource").GetString());
        Assert.Equal("/items/5", seen.GetProperty("path").GetString());
        Assert.Equal("GET", seen.GetProperty("httpMethod").GetString());
        Assert.Equal("5", seen.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("2", seen.GetProperty("queryStringParameters").GetProperty("q").GetString());
        Assert.Equal("b", seen.GetProperty("headers").GetProperty("x-a").GetString());
        Assert.Equal("blue", seen.GetProperty("stageVariables").GetProperty("color").GetString());
        var context = seen.GetProperty("requestContext");
        Assert.Equal("test-invoke-stage", context.GetProperty("stage").GetString());
        Assert.Equal("test-invoke-source-ip", context.GetProperty("identity").GetProperty("sourceIp").GetString());
        Assert.False(context.TryGetProperty("authorizer", out var authorizer) && authorizer.ValueKind == JsonValueKind.Object &&
            authorizer.TryGetProperty("principalId", out _), "the authorizer ran");
        var lines = LogLines(output);
        Assert.Contains(lines, l => l.StartsWith("Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Received response\. Integration latency: \d+ ms$"));
        Assert.Equal("Successfully completed execution", lines[^2]);
    }

    private async Task<(string ApiId, string AuthorizerId)> AuthorizerApiAsync(string type, params string[] options)
    {
        var function = await AuthorizerFunctionAsync();
        var (apiId, _) = await Cli.CreateApiAsync("test-invoke-authorizer");
        var authorizerId = (await Cli.RunAsync(["create-authorizer", "--rest-api-id", apiId, "--name", "guard", "--type", type,
            "--authorizer-uri", RestDataPlaneCli.LambdaUri(function), .. options])).GetProperty("id").GetString()!;
        return (apiId, authorizerId);
    }

    private async Task<JsonElement> TestAuthorizerAsync(string apiId, string authorizerId, params string[] extra) =>
        (await Run(["test-invoke-authorizer", "--rest-api-id", apiId, "--authorizer-id", authorizerId, .. extra])).ShouldSucceed().Json;

    [Fact]
    public async Task TestInvokeAuthorizer_Token_AllowsDeniesAndRefusesAsAws()
    {
        var (apiId, authorizerId) = await AuthorizerApiAsync("TOKEN", "--identity-source", "method.request.header.Authorization",
            "--authorizer-result-ttl-in-seconds", "300");

        var allowed = await TestAuthorizerAsync(apiId, authorizerId, "--headers", "Authorization=allow-1");
        Assert.Equal(0, allowed.GetProperty("clientStatus").GetInt32());
        Assert.Equal("user-allow-1", allowed.GetProperty("principalId").GetString());
        var policy = JsonDocument.Parse(allowed.GetProperty("policy").GetString()!).RootElement.GetProperty("Statement")[0];
        Assert.Equal("Allow", policy.GetProperty("Effect").GetString());
        Assert.Equal($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/ESTestInvoke-stage/GET/", policy.GetProperty("Resource").GetString());
        Assert.Equal("TOKEN", allowed.GetProperty("authorization").GetProperty("type")[0].GetString());
        Assert.Equal("7", allowed.GetProperty("authorization").GetProperty("n")[0].GetString());
        var lines = LogLines(allowed);
        Assert.StartsWith($"Starting authorizer: {authorizerId} for request: ", lines[1], StringComparison.Ordinal);
        Assert.Contains("Incoming identity: {method.request.header.Authorization=*llow-1}", lines);
        Assert.Equal("Successfully completed authorizer execution", lines[^1]);

        // Not cached (a TTL of 300 s would otherwise answer the next call from the first one's policy).
        var denied = await TestAuthorizerAsync(apiId, authorizerId, "--headers", "Authorization=deny-1");
        Assert.Equal(403, denied.GetProperty("clientStatus").GetInt32());
        Assert.Equal("user-deny-1", denied.GetProperty("principalId").GetString());
        Assert.Contains("\"Deny\"", denied.GetProperty("policy").GetString(), StringComparison.Ordinal);

        var unauthorized = await TestAuthorizerAsync(apiId, authorizerId, "--headers", "Authorization=unauthorized");
        Assert.Equal(401, unauthorized.GetProperty("clientStatus").GetInt32());
        Assert.Equal("Unauthorized", LogLines(unauthorized)[^1]);

        var missing = await TestAuthorizerAsync(apiId, authorizerId);
        Assert.Equal(401, missing.GetProperty("clientStatus").GetInt32());
        Assert.False(missing.TryGetProperty("policy", out _));
    }

    [Fact]
    public async Task TestInvokeAuthorizer_Request_ReadsHeadersQueryAndStageVariables()
    {
        var (apiId, authorizerId) = await AuthorizerApiAsync("REQUEST", "--identity-source", "method.request.header.x-user, method.request.querystring.q",
            "--authorizer-result-ttl-in-seconds", "0");

        var allowed = await TestAuthorizerAsync(apiId, authorizerId, "--headers", "x-user=allow-2", "--path-with-query-string", "/?q=1",
            "--stage-variables", "color=red");
        Assert.Equal(0, allowed.GetProperty("clientStatus").GetInt32());
        Assert.Equal("user-allow-2", allowed.GetProperty("principalId").GetString());
        var context = allowed.GetProperty("authorization");
        Assert.Equal("REQUEST", context.GetProperty("type")[0].GetString());
        Assert.Equal("test-invoke-stage", context.GetProperty("stage")[0].GetString());
        Assert.Equal("red", context.GetProperty("color")[0].GetString());

        var noQuery = await TestAuthorizerAsync(apiId, authorizerId, "--headers", "x-user=allow-2");
        Assert.Equal(401, noQuery.GetProperty("clientStatus").GetInt32());
    }

    [Fact]
    public async Task TestInvoke_UnknownTargetsAndBadInput_AnswerAsAws()
    {
        var (apiId, pet) = await MockApiAsync("{}");
        var (authorizerApi, authorizerId) = await AuthorizerApiAsync("TOKEN", "--identity-source", "method.request.header.Authorization");

        Assert.Equal("Invalid Resource identifier specified", (await Run("test-invoke-method", "--rest-api-id", "nope123456", "--resource-id", pet,
            "--http-method", "GET")).ShouldFailWith("NotFoundException", "TestInvokeMethod"));
        Assert.Equal("Invalid Resource identifier specified", (await Run("test-invoke-method", "--rest-api-id", apiId, "--resource-id", "nope123",
            "--http-method", "GET")).ShouldFailWith("NotFoundException", "TestInvokeMethod"));
        Assert.Equal("Invalid Method identifier specified", (await Run("test-invoke-method", "--rest-api-id", apiId, "--resource-id", pet,
            "--http-method", "POST")).ShouldFailWith("NotFoundException", "TestInvokeMethod"));
        Assert.Equal("Invalid Authorizer identifier specified", (await Run("test-invoke-authorizer", "--rest-api-id", authorizerApi,
            "--authorizer-id", "nope123")).ShouldFailWith("NotFoundException", "TestInvokeAuthorizer"));
        Assert.StartsWith("Invalid API identifier specified", (await Run("test-invoke-authorizer", "--rest-api-id", "nope123456",
            "--authorizer-id", authorizerId)).ShouldFailWith("NotFoundException", "TestInvokeAuthorizer"), StringComparison.Ordinal);

        var badVariable = (await Run("test-invoke-method", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET",
            "--stage-variables", """{"bad-name": "x"}""")).ShouldFailWith("BadRequestException", "TestInvokeMethod");
        Assert.Contains("stage variable name 'bad-name'", badVariable, StringComparison.Ordinal);
        var badHeader = (await Run("test-invoke-method", "--rest-api-id", apiId, "--resource-id", pet, "--http-method", "GET",
            "--headers", """{"bad header": "x"}""", "--path-with-query-string", "pets")).ShouldFailWith("BadRequestException", "TestInvokeMethod");
        Assert.Contains("header name 'bad header'", badHeader, StringComparison.Ordinal);
        Assert.Contains("pathWithQueryString", badHeader, StringComparison.Ordinal);
        Assert.Contains("header name", (await Run("test-invoke-authorizer", "--rest-api-id", authorizerApi, "--authorizer-id", authorizerId,
            "--headers", """{"": "x"}""")).ShouldFailWith("BadRequestException", "TestInvokeAuthorizer"), StringComparison.Ordinal);
    }
}
