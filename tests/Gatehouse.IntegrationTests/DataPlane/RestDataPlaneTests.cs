using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// REST APIs (apigateway v1) served end to end: built with the real AWS CLI, deployed, then called over HTTP on both
/// addresses, against a real Node.js function (AWS_PROXY) and a real backend (HTTP_PROXY). The expected answers are
/// AWS's (facts §2, §3.2, §4.1, §13.2; AWS-recorded responses).
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class RestDataPlaneTests(GatehouseFixture fixture)
{
    /// <summary>Echoes the event; on <c>/throw</c> fails, on <c>/malformed</c> answers what is not a proxy response.</summary>
    private const string Handler = """
        exports.handler = async (event) => {
          if (event.path.endsWith('/throw')) throw new Error('boom');
          if (event.path.endsWith('/malformed')) return { statusCode: 200, wrongValue: 1 };
          if (event.path.endsWith('/b64')) return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: 'dGVzdC1kYXRh', isBase64Encoded: true };
          return { statusCode: 201, headers: { 'x-from': 'function' }, body: JSON.stringify(event) };
        };
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<string>> Functions = [];

    private RestDataPlaneCli Cli => new(fixture.Cli);

    private HttpClient Http => fixture.DataPlane.Http;

    private Task<string> FunctionAsync() => Functions.GetValue(fixture, f => f.Cli.CreateFunctionAsync(LambdaKit.UniqueName("rest-echo"),
        LambdaKit.Zip(("index.js", Handler, 0x8000 | 0b110_100_100))).ContinueWith(t => t.Result.GetProperty("FunctionName").GetString()!, TaskScheduler.Default));

    private static async Task<JsonElement> EventAsync(HttpResponseMessage response)
    {
        var text = await response.ShouldBeAsync(HttpStatusCode.Created);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task ShouldBeRestErrorAsync(HttpResponseMessage response, HttpStatusCode status, string body, string? errorType)
    {
        var text = await response.ShouldBeAsync(status);
        Assert.Equal(body, text);
        Assert.Equal(errorType, response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null);
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _), "REST answers carry a UUID x-amzn-RequestId");
        Assert.Single(response.Headers.GetValues("x-amz-apigw-id"));
    }

    [Fact]
    public async Task Matching_LiteralParameterGreedyAndAny_SelectTheResourcesAsAws()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("matching");
        var pets = await Cli.ResourceAsync(apiId, rootId, "pets");
        var pet = await Cli.ResourceAsync(apiId, pets, "{petId}");
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        foreach (var (resource, verb) in new[] { (pets, "GET"), (pet, "GET"), (proxy, "ANY") })
        {
            await Cli.MethodAsync(apiId, resource, verb);
            await Cli.LambdaAsync(apiId, resource, verb, function);
        }

        await Cli.DeployAsync(apiId, "dev");

        async Task<JsonElement> Call(HttpMethod method, string path)
        {
            using var response = await Http.SendAsync(new HttpRequestMessage(method, fixture.DataPlane.HostStyle(apiId, path)));
            return await EventAsync(response);
        }

        Assert.Equal("/pets", (await Call(HttpMethod.Get, "/dev/pets")).GetProperty("resource").GetString());
        var one = await Call(HttpMethod.Get, "/dev/pets/7/");
        Assert.Equal("/pets/{petId}", one.GetProperty("resource").GetString());
        Assert.Equal("7", one.GetProperty("pathParameters").GetProperty("petId").GetString());
        Assert.Equal("/pets/7/", one.GetProperty("path").GetString());
        var greedy = await Call(HttpMethod.Delete, "/dev/a/b%20c/d");
        Assert.Equal("/{proxy+}", greedy.GetProperty("resource").GetString());
        Assert.Equal("a/b%20c/d", greedy.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal("DELETE", greedy.GetProperty("httpMethod").GetString());

        // A matched resource without the method, and the root without any: 403, as AWS answers both.
        using var wrongMethod = await Http.PostAsync(fixture.DataPlane.PathStyle(apiId, "/dev/pets"), null);
        await ShouldBeRestErrorAsync(wrongMethod, HttpStatusCode.Forbidden, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException");
        using var root = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev"));
        await ShouldBeRestErrorAsync(root, HttpStatusCode.Forbidden, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException");
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, fixture.DataPlane.HostStyle(apiId, "/dev/pets")));
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode); // HEAD is not GET

        // No stage, or one the API does not have: 403 Forbidden.
        using var noStage = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/"));
        await ShouldBeRestErrorAsync(noStage, HttpStatusCode.Forbidden, """{"message":"Forbidden"}""", "ForbiddenException");
        using var unknownStage = await Http.GetAsync(fixture.DataPlane.PathStyle(apiId, "/prod/pets"));
        await ShouldBeRestErrorAsync(unknownStage, HttpStatusCode.Forbidden, """{"message":"Forbidden"}""", "ForbiddenException");
    }

    [Fact]
    public async Task AwsProxy_Event_CarriesEveryRequestContextFieldAsAws()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("event");
        var users = await Cli.ResourceAsync(apiId, rootId, "users");
        var user = await Cli.ResourceAsync(apiId, users, "{userId}");
        await Cli.MethodAsync(apiId, user, "POST");
        await Cli.LambdaAsync(apiId, user, "POST", function);
        var deploymentId = await Cli.DeployAsync(apiId, "test", "--variables", "color=blue");
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.DataPlane.HostStyle(apiId, "/test/users/a%40b?q=1&q=2&r=x"))
        {
            Content = new StringContent("""{"hello":"world"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("tEsT-HeAdEr", "aValUE");
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        request.Headers.UserAgent.ParseAdd("rest-it/1.0");

        using var response = await Http.SendAsync(request);
        var e = await EventAsync(response);

        Assert.Equal("function", response.Headers.GetValues("x-from").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType); // the function set none
        // The caller's trace goes on to the function and comes back on AWS_PROXY answers (facts §12.2).
        Assert.StartsWith("Root=1-5759e988-bd862e3fe1be46a994272793", response.Headers.GetValues("X-Amzn-Trace-Id").Single(), StringComparison.Ordinal);
        Assert.False(e.TryGetProperty("version", out _));
        Assert.Equal("/users/{userId}", e.GetProperty("resource").GetString());
        Assert.Equal("/users/a%40b", e.GetProperty("path").GetString());
        Assert.Equal("POST", e.GetProperty("httpMethod").GetString());
        Assert.Equal("aValUE", e.GetProperty("headers").GetProperty("tEsT-HeAdEr").GetString());
        Assert.StartsWith("Root=1-5759e988-bd862e3fe1be46a994272793", e.GetProperty("headers").GetProperty("X-Amzn-Trace-Id").GetString(), StringComparison.Ordinal);
        Assert.False(e.GetProperty("headers").TryGetProperty("Content-Length", out _)); // REST events do not pass it on
        Assert.Equal(["aValUE"], e.GetProperty("multiValueHeaders").GetProperty("tEsT-HeAdEr").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("2", e.GetProperty("queryStringParameters").GetProperty("q").GetString());
        Assert.Equal(["1", "2"], e.GetProperty("multiValueQueryStringParameters").GetProperty("q").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("a%40b", e.GetProperty("pathParameters").GetProperty("userId").GetString());
        Assert.Equal("blue", e.GetProperty("stageVariables").GetProperty("color").GetString());
        Assert.Equal("""{"hello":"world"}""", e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());

        var context = e.GetProperty("requestContext");
        var resourceId = user;
        Assert.Equal(resourceId, context.GetProperty("resourceId").GetString());
        Assert.Equal("/users/{userId}", context.GetProperty("resourcePath").GetString());
        Assert.Equal("POST", context.GetProperty("httpMethod").GetString());
        Assert.Equal(response.Headers.GetValues("x-amz-apigw-id").Single(), context.GetProperty("extendedRequestId").GetString());
        Assert.Matches(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$", context.GetProperty("requestTime").GetString()!);
        Assert.Equal("/test/users/a%40b", context.GetProperty("path").GetString());
        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal("HTTP/1.1", context.GetProperty("protocol").GetString());
        Assert.Equal("test", context.GetProperty("stage").GetString());
        Assert.Equal(apiId, context.GetProperty("domainPrefix").GetString());
        Assert.InRange(context.GetProperty("requestTimeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), context.GetProperty("requestId").GetString());
        Assert.Equal($"{apiId}.execute-api.localhost", context.GetProperty("domainName").GetString());
        Assert.Equal(deploymentId, context.GetProperty("deploymentId").GetString());
        Assert.Equal(apiId, context.GetProperty("apiId").GetString());
        var identity = context.GetProperty("identity");
        Assert.Equal(
            ["accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
             "principalOrgId", "sourceIp", "user", "userAgent", "userArn"],
            identity.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("127.0.0.1", identity.GetProperty("sourceIp").GetString());
        Assert.Equal("rest-it/1.0", identity.GetProperty("userAgent").GetString());
        Assert.All(identity.EnumerateObject().Where(p => p.Name is not ("sourceIp" or "userAgent")), p => Assert.Equal(JsonValueKind.Null, p.Value.ValueKind));
    }

    [Fact]
    public async Task AwsProxy_FunctionErrorOrMalformedAnswer_Answers502AsRestApis()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("lambda-errors");
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await Cli.MethodAsync(apiId, proxy, "ANY");
        await Cli.LambdaAsync(apiId, proxy, "ANY", function);
        await Cli.DeployAsync(apiId, "dev");

        using var thrown = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/throw"));
        await ShouldBeRestErrorAsync(thrown, HttpStatusCode.BadGateway, """{"message": "Internal server error"}""", "InternalServerErrorException");
        using var malformed = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/malformed"));
        await ShouldBeRestErrorAsync(malformed, HttpStatusCode.BadGateway, """{"message": "Internal server error"}""", "InternalServerErrorException");
    }

    [Fact]
    public async Task AwsProxy_Base64Answer_IsDecodedOnlyForABinaryAccept()
    {
        var function = await FunctionAsync();
        var apiId = (await Cli.RunAsync("create-rest-api", "--name", "binary", "--binary-media-types", "image/png")).GetProperty("id").GetString()!;
        var rootId = (await Cli.RunAsync("get-resources", "--rest-api-id", apiId)).GetProperty("items")[0].GetProperty("id").GetString()!;
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await Cli.MethodAsync(apiId, proxy, "ANY");
        await Cli.LambdaAsync(apiId, proxy, "ANY", function);
        await Cli.DeployAsync(apiId, "dev");

        // AWS-recorded: without a binary Accept the client gets the base64 text as the function wrote it.
        using var text = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/b64"));
        Assert.Equal("dGVzdC1kYXRh", await text.ShouldBeAsync(HttpStatusCode.OK));
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/dev/b64"));
        request.Headers.Accept.ParseAdd("image/png");
        using var binary = await Http.SendAsync(request);
        Assert.Equal("test-data", await binary.ShouldBeAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task AwsIam_SignedUnsignedAndBadlySigned_AnswerAsRestApis()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("iam");
        var secret = await Cli.ResourceAsync(apiId, rootId, "secret");
        await Cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", secret, "--http-method", "GET", "--authorization-type", "AWS_IAM");
        await Cli.LambdaAsync(apiId, secret, "GET", function);
        await Cli.DeployAsync(apiId, "dev");
        var uri = fixture.DataPlane.PathStyle(apiId, "/dev/secret");

        using var unsigned = await Http.GetAsync(uri);
        await ShouldBeRestErrorAsync(unsigned, HttpStatusCode.Forbidden, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException");

        using var forged = new HttpRequestMessage(HttpMethod.Get, uri);
        forged.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        forged.Headers.TryAddWithoutValidation("X-Amz-Date", DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using var badlySigned = await Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, badlySigned.StatusCode);
        Assert.Equal("InvalidSignatureException", badlySigned.Headers.GetValues("x-amzn-ErrorType").Single());

        var signature = new SigV4Signer("test", "test", "us-east-1", "execute-api").Sign(SigV4SigningRequest.FromUri("GET", uri, []) with { Body = Array.Empty<byte>() });
        using var signed = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in signature.HeadersToAdd)
        {
            signed.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(signed);
        var identity = (await EventAsync(response)).GetProperty("requestContext").GetProperty("identity");
        Assert.Equal("test", identity.GetProperty("accessKey").GetString());
        Assert.Equal("000000000000", identity.GetProperty("accountId").GetString());
        Assert.Equal("arn:aws:iam::000000000000:root", identity.GetProperty("userArn").GetString());
    }

    [Fact]
    public async Task LambdaAuthorizer_AnsweringNoPolicy_Is500AuthorizerConfigurationErrorNeverTheIntegration()
    {
        // The echo function as authorizer answers a proxy response, not a policy: AWS refuses with 500 (facts §7.3).
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("custom-auth");
        var guarded = await Cli.ResourceAsync(apiId, rootId, "guarded");
        var authorizerId = (await Cli.RunAsync("create-authorizer", "--rest-api-id", apiId, "--name", "token", "--type", "TOKEN",
            "--authorizer-uri", RestDataPlaneCli.LambdaUri(function), "--identity-source", "method.request.header.Authorization")).GetProperty("id").GetString()!;
        await Cli.RunAsync("put-method", "--rest-api-id", apiId, "--resource-id", guarded, "--http-method", "GET",
            "--authorization-type", "CUSTOM", "--authorizer-id", authorizerId);
        await Cli.LambdaAsync(apiId, guarded, "GET", function);
        await Cli.DeployAsync(apiId, "dev");
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/dev/guarded"));
        request.Headers.TryAddWithoutValidation("Authorization", "allow");

        using var response = await Http.SendAsync(request);

        await ShouldBeRestErrorAsync(response, HttpStatusCode.InternalServerError, """{"message": null}""", "AuthorizerConfigurationException");
    }

    [Fact]
    public async Task DotSegments_EvenEncoded_MatchNoResource()
    {
        // A backend would resolve them past the resource (and the authorization) the request matched.
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("dot-segments");
        var pets = await Cli.ResourceAsync(apiId, rootId, "pets");
        var pet = await Cli.ResourceAsync(apiId, pets, "{id}");
        await Cli.MethodAsync(apiId, pet, "GET");
        await Cli.LambdaAsync(apiId, pet, "GET", function);
        await Cli.DeployAsync(apiId, "dev");

        using var encoded = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/pets/..%2Fadmin"));
        await ShouldBeRestErrorAsync(encoded, HttpStatusCode.Forbidden, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException");
        using var plain = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/pets/v1.2"));
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Fact]
    public async Task ResourcePolicy_NotEnforcedYet_IsRefusedWholeNeverServedOpen()
    {
        var function = await FunctionAsync();
        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}""";
        var apiId = (await Cli.RunAsync("create-rest-api", "--name", "with-policy", "--policy", policy)).GetProperty("id").GetString()!;
        var rootId = (await Cli.RunAsync("get-resources", "--rest-api-id", apiId)).GetProperty("items")[0].GetProperty("id").GetString()!;
        var open = await Cli.ResourceAsync(apiId, rootId, "open");
        await Cli.MethodAsync(apiId, open, "GET");
        await Cli.LambdaAsync(apiId, open, "GET", function);
        await Cli.DeployAsync(apiId, "dev");

        using var response = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/open"));

        await ShouldBeRestErrorAsync(response, HttpStatusCode.InternalServerError, """{"message": "Internal server error"}""", "InternalServerErrorException");
    }

    [Fact]
    public async Task ApiKeyRequired_WithoutUsagePlans_Is403InvalidApiKeyNeverTheIntegration()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("api-key");
        var keyed = await Cli.ResourceAsync(apiId, rootId, "keyed");
        await Cli.MethodAsync(apiId, keyed, "GET", "--api-key-required");
        await Cli.LambdaAsync(apiId, keyed, "GET", function);
        await Cli.DeployAsync(apiId, "dev");
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/dev/keyed"));
        request.Headers.TryAddWithoutValidation("x-api-key", "any-key-is-unknown-without-usage-plans");

        using var response = await Http.SendAsync(request);

        await ShouldBeRestErrorAsync(response, HttpStatusCode.Forbidden, """{"message":"Forbidden"}""", "ForbiddenException");
    }

    [Fact]
    public async Task Validation_MissingParametersAndInvalidBody_AnswerAwsBadRequests()
    {
        var function = await FunctionAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("validation");
        var issuer = await Cli.ResourceAsync(apiId, rootId, "{issuer}");
        await Cli.RunAsync("create-model", "--rest-api-id", apiId, "--name", "testSchema", "--content-type", "application/json", "--schema",
            """{"$schema":"http://json-schema.org/draft-04/schema#","title":"testSchema","type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}""");
        var validatorId = (await Cli.RunAsync("create-request-validator", "--rest-api-id", apiId, "--name", "all",
            "--validate-request-body", "--validate-request-parameters")).GetProperty("id").GetString()!;
        await Cli.MethodAsync(apiId, issuer, "POST", "--request-validator-id", validatorId,
            "--request-parameters", "method.request.header.x-header-param=true,method.request.querystring.qs1=true,method.request.path.issuer=true",
            "--request-models", "application/json=testSchema");
        await Cli.LambdaAsync(apiId, issuer, "POST", function);
        await Cli.DeployAsync(apiId, "dev");

        async Task<HttpResponseMessage> Post(string pathAndQuery, string body, bool header)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, fixture.DataPlane.HostStyle(apiId, pathAndQuery))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (header)
            {
                request.Headers.Add("x-header-param", "h");
            }

            return await Http.SendAsync(request);
        }

        using var noParameters = await Post("/dev/me", """{"a":1}""", header: false);
        await ShouldBeRestErrorAsync(noParameters, HttpStatusCode.BadRequest, """{"message": "Missing required request parameters: [x-header-param, qs1]"}""", "BadRequestException");
        using var noQuery = await Post("/dev/me", """{"a":1,"b":2}""", header: true);
        await ShouldBeRestErrorAsync(noQuery, HttpStatusCode.BadRequest, """{"message": "Missing required request parameters: [qs1]"}""", "BadRequestException");
        using var badBody = await Post("/dev/me?qs1=1", """{"a":1}""", header: true);
        await ShouldBeRestErrorAsync(badBody, HttpStatusCode.BadRequest, """{"message": "Invalid request body"}""", "BadRequestException");
        using var notJson = await Post("/dev/me?qs1=1", "{not json", header: true);
        await ShouldBeRestErrorAsync(notJson, HttpStatusCode.BadRequest, """{"message": "Invalid request body"}""", "BadRequestException");
        using var valid = await Post("/dev/me?qs1=1", """{"a":1,"b":2}""", header: true);
        var e = await EventAsync(valid);
        Assert.Equal("""{"a":1,"b":2}""", e.GetProperty("body").GetString()); // the validated body still reaches the function
    }

    [Fact]
    public async Task HttpProxy_GreedyPath_ForwardsWithPathHeaderAndQueryMappings()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("http-proxy");
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await Cli.MethodAsync(apiId, proxy, "ANY", "--request-parameters", "method.request.path.proxy=true,method.request.header.x-source=false");
        await Cli.HttpProxyAsync(apiId, proxy, "ANY", fixture.Backend.BaseUrl + "/base/{proxy}", "--request-parameters",
            """{"integration.request.path.proxy":"method.request.path.proxy","integration.request.header.x-mapped":"'static-value'","integration.request.querystring.from-header":"method.request.header.x-source"}""");
        await Cli.DeployAsync(apiId, "dev");
        using var request = new HttpRequestMessage(HttpMethod.Put, fixture.DataPlane.HostStyle(apiId, "/dev/a/b%2Fc/d?x=1"))
        {
            Content = new StringContent("payload"),
        };
        request.Headers.Add("x-source", "hdr");
        request.Headers.Add(EchoBackend.ResponseHeaderRequest, "x-amzn-RequestId=backend-id");

        using var response = await Http.SendAsync(request);
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal("PUT", echo.Method);
        Assert.Equal("/base/a/b%2Fc/d", echo.Path);
        Assert.Equal("x=1&from-header=hdr", echo.Query);
        Assert.Equal("static-value", echo.Header("x-mapped"));
        Assert.Equal("payload", echo.Body);
        Assert.Equal("127.0.0.1", echo.Header("x-forwarded-for"));
        Assert.Equal("echo", response.Headers.GetValues("x-backend").Single());
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-amzn-RequestId").Single(), out _), "the gateway's request id, not the backend's");
        Assert.Equal("backend-id", response.Headers.GetValues("x-amzn-Remapped-x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task HttpProxy_BackendSlowerThanTimeout_Answers504EndpointRequestTimedOut()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("http-timeout");
        var proxy = await Cli.ResourceAsync(apiId, rootId, "{proxy+}");
        await Cli.MethodAsync(apiId, proxy, "ANY");
        await Cli.HttpProxyAsync(apiId, proxy, "ANY", fixture.Backend.BaseUrl + "/{proxy}", "--timeout-in-millis", "200",
            "--request-parameters", """{"integration.request.path.proxy":"method.request.path.proxy"}""");
        await Cli.DeployAsync(apiId, "dev");

        using var response = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/slow/3000"));

        await ShouldBeRestErrorAsync(response, HttpStatusCode.GatewayTimeout, """{"message": "Endpoint request timed out"}""", "InternalServerErrorException");
    }

    [Fact]
    public async Task GatewayResponses_CustomisedWithPutGatewayResponse_AnswerTheApisShape()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("gateway-responses");
        var pets = await Cli.ResourceAsync(apiId, rootId, "pets");
        await Cli.MethodAsync(apiId, pets, "GET");
        await Cli.HttpProxyAsync(apiId, pets, "GET", fixture.Backend.BaseUrl + "/pets");
        await Cli.RunAsync("put-gateway-response", "--rest-api-id", apiId, "--response-type", "MISSING_AUTHENTICATION_TOKEN", "--status-code", "404",
            "--response-parameters", """{"gatewayresponse.header.x-hint":"'no such route'","gatewayresponse.header.x-stage":"stageVariables.name"}""",
            "--response-templates", """{"application/json":"{\"message\":$context.error.messageString,\"type\":\"$context.error.responseType\",\"stage\":\"$context.stage\"}"}""");
        await Cli.RunAsync("put-gateway-response", "--rest-api-id", apiId, "--response-type", "DEFAULT_4XX",
            "--response-parameters", """{"gatewayresponse.header.Access-Control-Allow-Origin":"'*'"}""");
        await Cli.DeployAsync(apiId, "dev", "--variables", "name=development");

        using var missing = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/nothing"));
        await ShouldBeRestErrorAsync(missing, HttpStatusCode.NotFound,
            """{"message":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","stage":"dev"}""", "MissingAuthenticationTokenException");
        Assert.Equal("no such route", missing.Headers.GetValues("x-hint").Single());
        Assert.Equal("development", missing.Headers.GetValues("x-stage").Single());
        Assert.False(missing.Headers.Contains("Access-Control-Allow-Origin")); // its own customisation, not DEFAULT_4XX's

        // Another 4xx type takes DEFAULT_4XX's header, with its own default status and body.
        await Cli.RunAsync("update-stage", "--rest-api-id", apiId, "--stage-name", "dev", "--patch-operations",
            "op=replace,path=/*/*/throttling/rateLimit,value=0", "op=replace,path=/*/*/throttling/burstLimit,value=0");
        using var throttled = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/pets"));
        await ShouldBeRestErrorAsync(throttled, (HttpStatusCode)429, """{"message":"Too Many Requests"}""", "TooManyRequestsException");
        Assert.Equal("*", throttled.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Redeploy_NewDeployment_SwapsBehaviourAndDeletingTheStageStopsServing()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("redeploy");
        var item = await Cli.ResourceAsync(apiId, rootId, "item");
        await Cli.MethodAsync(apiId, item, "GET");
        await Cli.HttpProxyAsync(apiId, item, "GET", fixture.Backend.BaseUrl + "/first");
        await Cli.DeployAsync(apiId, "dev");
        using (var first = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/item")))
        {
            Assert.Equal("/first", (await EchoedRequest.ReadAsync(first)).Path);
        }

        await Cli.HttpProxyAsync(apiId, item, "GET", fixture.Backend.BaseUrl + "/second");
        using (var undeployed = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/item")))
        {
            Assert.Equal("/first", (await EchoedRequest.ReadAsync(undeployed)).Path); // REST APIs serve only what was deployed
        }

        await Cli.DeployAsync(apiId, "dev");
        using (var second = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/item")))
        {
            Assert.Equal("/second", (await EchoedRequest.ReadAsync(second)).Path);
        }

        (await fixture.Cli.RunAsync("apigateway", "delete-stage", "--rest-api-id", apiId, "--stage-name", "dev")).ShouldSucceed();
        using var gone = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/item"));
        await ShouldBeRestErrorAsync(gone, HttpStatusCode.Forbidden, """{"message":"Forbidden"}""", "ForbiddenException");
    }

    [Fact]
    public async Task AccessLog_RestVariables_AreTheRequestsResourceAndError()
    {
        var group = "/test/rest-access-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Cli.RunAsync("logs", "create-log-group", "--log-group-name", group)).ShouldSucceed();
        var (apiId, rootId) = await Cli.CreateApiAsync("access-log");
        var items = await Cli.ResourceAsync(apiId, rootId, "items");
        var item = await Cli.ResourceAsync(apiId, items, "{id}");
        await Cli.MethodAsync(apiId, item, "GET");
        await Cli.HttpProxyAsync(apiId, item, "GET", fixture.Backend.BaseUrl + "/items");
        var deploymentId = await Cli.DeployAsync(apiId, "prod");
        const string Format = """{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId","resourcePath":"$context.resourcePath","resourceId":"$context.resourceId","deploymentId":"$context.deploymentId","stage":"$context.stage","httpMethod":"$context.httpMethod","status":"$context.status","path":"$context.path","responseType":"$context.error.responseType","message":"$context.error.message","integrationStatus":"$context.integration.status"}""";
        await Cli.RunAsync("update-stage", "--rest-api-id", apiId, "--stage-name", "prod", "--patch-operations", JsonSerializer.Serialize(new[]
        {
            new { op = "replace", path = "/accessLogSettings/destinationArn", value = $"arn:aws:logs:us-east-1:000000000000:log-group:{group}" },
            new { op = "replace", path = "/accessLogSettings/format", value = Format },
        }));

        using var ok = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/items/5"));
        await ok.ShouldBeAsync(HttpStatusCode.OK);
        using var missing = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/nothing"));
        await missing.ShouldBeAsync(HttpStatusCode.Forbidden);

        var line = await LogLineAsync(group, ok.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal(ok.Headers.GetValues("x-amz-apigw-id").Single(), line.GetProperty("extendedRequestId").GetString());
        Assert.Equal("/items/{id}", line.GetProperty("resourcePath").GetString());
        Assert.Equal(item, line.GetProperty("resourceId").GetString());
        Assert.Equal(deploymentId, line.GetProperty("deploymentId").GetString());
        Assert.Equal("prod", line.GetProperty("stage").GetString());
        Assert.Equal("GET", line.GetProperty("httpMethod").GetString());
        Assert.Equal("200", line.GetProperty("status").GetString());
        Assert.Equal("/prod/items/5", line.GetProperty("path").GetString());
        Assert.Equal("-", line.GetProperty("responseType").GetString());
        Assert.Equal("200", line.GetProperty("integrationStatus").GetString());

        var error = await LogLineAsync(group, missing.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal("MISSING_AUTHENTICATION_TOKEN", error.GetProperty("responseType").GetString());
        Assert.Equal("Missing Authentication Token", error.GetProperty("message").GetString());
        Assert.Equal("403", error.GetProperty("status").GetString());
        Assert.Equal("-", error.GetProperty("resourcePath").GetString());
    }

    /// <summary>The access log line of a request, once the asynchronous writer has written it.</summary>
    private async Task<JsonElement> LogLineAsync(string group, string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        CliResult? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await fixture.Cli.RunAsync("logs", "filter-log-events", "--log-group-name", group);
            if (last.ExitCode == 0)
            {
                foreach (var logEvent in last.Json.GetProperty("events").EnumerateArray())
                {
                    var line = JsonDocument.Parse(logEvent.GetProperty("message").GetString()!).RootElement;
                    if (line.GetProperty("requestId").GetString() == requestId)
                    {
                        Assert.EndsWith("_prod", logEvent.GetProperty("logStreamName").GetString(), StringComparison.Ordinal);
                        return line;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"no access log line for {requestId} in {group}: {last?.Stdout}{last?.Stderr}");
    }
}
