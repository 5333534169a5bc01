using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Gatehouse.IntegrationTests.Functions;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// AWS_PROXY integrations end to end: a client request through the gateway to a real Node.js function and back, in
/// payload formats 2.0 and 1.0, with the events and responses as AWS builds and reads them.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaProxyEndToEndTests(GatehouseFixture fixture)
{
    /// <summary>Echoes the event, or does what the path says: answer with the request body as its result, throw, or hang.</summary>
    private const string Handler = """
        exports.handler = async (event) => {
          const path = event.rawPath ?? event.path;
          if (path.endsWith('/respond')) return JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body);
          if (path.endsWith('/throw')) throw new Error('boom');
          if (path.endsWith('/hang')) await new Promise(r => setTimeout(r, 4000));
          return { statusCode: 200, headers: { 'content-type': 'application/json', 'x-seen-trace': process.env._X_AMZN_TRACE_ID ?? 'none' }, body: JSON.stringify(event) };
        };
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<string>> Functions = [];

    private ControlPlaneClient Control => fixture.Control;

    private HttpClient Http => fixture.DataPlane.Http;

    [Fact]
    public async Task Format20_Event_CarriesEveryFieldAsAwsBuildsIt()
    {
        var apiId = await CreateApiAsync("2.0", "GET /items/{id}", stageVariables: new { color = "blue" });
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/prod/items/42?b=2&a=1&a=3"));
        request.Headers.Add("X-Custom", "one");
        request.Headers.Add("Cookie", "c1=v1; c2=v2");
        request.Headers.UserAgent.ParseAdd("it-client/1.0");

        using var response = await Http.SendAsync(request);
        var e = await EventAsync(response);

        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("GET /items/{id}", e.GetProperty("routeKey").GetString());
        Assert.Equal("/prod/items/42", e.GetProperty("rawPath").GetString());
        Assert.Equal("b=2&a=1&a=3", e.GetProperty("rawQueryString").GetString());
        Assert.Equal(["c1=v1", "c2=v2"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        var headers = e.GetProperty("headers");
        Assert.Equal("one", headers.GetProperty("x-custom").GetString());
        Assert.Equal("it-client/1.0", headers.GetProperty("user-agent").GetString());
        Assert.False(headers.TryGetProperty("cookie", out _));
        Assert.All(headers.EnumerateObject(), h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
        Assert.Equal("1,3", e.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal("2", e.GetProperty("queryStringParameters").GetProperty("b").GetString());
        Assert.Equal("42", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal("blue", e.GetProperty("stageVariables").GetProperty("color").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(e.TryGetProperty("body", out _));
        var context = e.GetProperty("requestContext");
        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal(apiId, context.GetProperty("apiId").GetString());
        Assert.Equal($"{apiId}.execute-api.localhost", context.GetProperty("domainName").GetString());
        Assert.Equal(apiId, context.GetProperty("domainPrefix").GetString());
        Assert.Equal("GET", context.GetProperty("http").GetProperty("method").GetString());
        Assert.Equal("/prod/items/42", context.GetProperty("http").GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", context.GetProperty("http").GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("http").GetProperty("sourceIp").GetString());
        Assert.Equal("it-client/1.0", context.GetProperty("http").GetProperty("userAgent").GetString());
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), context.GetProperty("requestId").GetString());
        Assert.Equal("GET /items/{id}", context.GetProperty("routeKey").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
        Assert.Matches(@"^\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000$", context.GetProperty("time").GetString()!);
        Assert.InRange(context.GetProperty("timeEpoch").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task TraceHeader_ReachesTheFunctionAsXAmznTraceId()
    {
        var apiId = await CreateApiAsync("2.0", "GET /traced");
        const string Trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/prod/traced"));
        request.Headers.Add("X-Amzn-Trace-Id", Trace);

        using var response = await Http.SendAsync(request);
        var e = await EventAsync(response);

        Assert.Equal(Trace, e.GetProperty("headers").GetProperty("x-amzn-trace-id").GetString());
        Assert.Equal(Trace, response.Headers.GetValues("x-seen-trace").Single());
    }

    [Fact]
    public async Task Format10_Event_HasTheRestShapeWithMultiValueMaps()
    {
        var apiId = await CreateApiAsync("1.0", "GET /items/{id}");
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/prod/items/42?a=1&a=3"));
        request.Headers.Add("X-Custom", "one");

        using var response = await Http.SendAsync(request);
        var e = await EventAsync(response);

        Assert.Equal("1.0", e.GetProperty("version").GetString());
        Assert.Equal("/items/{id}", e.GetProperty("resource").GetString());
        Assert.Equal("/prod/items/42", e.GetProperty("path").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal("3", e.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal(["1", "3"], e.GetProperty("multiValueQueryStringParameters").GetProperty("a").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("one", Header(e.GetProperty("headers"), "x-custom"));
        Assert.Equal("42", e.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("body").ValueKind);
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        var context = e.GetProperty("requestContext");
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), context.GetProperty("requestId").GetString());
        Assert.Equal("/prod/items/42", context.GetProperty("path").GetString());
        Assert.Equal("GET", context.GetProperty("httpMethod").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
    }

    [Theory]
    [InlineData("application/json", "{\"k\":\"v\"}", false)]
    [InlineData("text/plain", "plain text", false)]
    [InlineData("application/octet-stream", "\u0001\u0002binary", true)]
    public async Task Body_IsTextOrBase64ByContentType(string contentType, string body, bool base64)
    {
        var apiId = await CreateApiAsync("2.0", "POST /upload");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await Http.PostAsync(fixture.DataPlane.HostStyle(apiId, "/prod/upload"), content);
        var e = await EventAsync(response);

        Assert.Equal(base64, e.GetProperty("isBase64Encoded").GetBoolean());
        var sent = e.GetProperty("body").GetString()!;
        Assert.Equal(body, base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(sent)) : sent);
    }

    [Fact]
    public async Task Format20_Response_StatusHeadersCookiesAndBase64Body()
    {
        var apiId = await CreateApiAsync("2.0", "POST /respond");
        var result = new
        {
            statusCode = 201,
            headers = new Dictionary<string, string> { ["x-answer"] = "42", ["content-type"] = "application/octet-stream" },
            cookies = new[] { "a=1; Path=/", "b=2" },
            body = Convert.ToBase64String([0, 1, 2, 255]),
            isBase64Encoded = true,
        };

        using var response = await RespondAsync(apiId, result);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("42", response.Headers.GetValues("x-answer").Single());
        Assert.Equal(["a=1; Path=/", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal([0, 1, 2, 255], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Format20_Response_WithoutStatusCode_IsInferredAsJson()
    {
        var apiId = await CreateApiAsync("2.0", "POST /respond");

        using var response = await RespondAsync(apiId, new { hello = "world" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Format10_Response_MergesHeadersAndMultiValueHeaders()
    {
        var apiId = await CreateApiAsync("1.0", "POST /respond");
        var result = new
        {
            statusCode = 202,
            headers = new Dictionary<string, string> { ["x-solo"] = "s" },
            multiValueHeaders = new Dictionary<string, string[]> { ["x-multi"] = ["m1", "m2"] },
            body = "accepted",
        };

        using var response = await RespondAsync(apiId, result);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("s", response.Headers.GetValues("x-solo").Single());
        Assert.Equal("m1, m2", string.Join(", ", response.Headers.GetValues("x-multi")));
        Assert.Equal("accepted", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.0")]
    public async Task FunctionError_IsInternalServerError(string format)
    {
        var apiId = await CreateApiAsync(format, "GET /throw");

        using var response = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/throw"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task Format10_MalformedResult_IsInternalServerError()
    {
        var apiId = await CreateApiAsync("1.0", "POST /respond");

        using var response = await RespondAsync(apiId, new { statusCode = 200, unexpected = true });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FunctionSlowerThanTheIntegrationTimeout_IsServiceUnavailable()
    {
        var apiId = await CreateApiAsync("2.0", "GET /hang", timeoutInMillis: 1000);

        using var response = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/hang"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"message":"Service Unavailable"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownFunction_IsInternalServerError()
    {
        var apiId = await Control.CreateApiAsync();
        var integration = await Control.CreateIntegrationAsync(apiId, LambdaKit.Arn("does-not-exist"),
            new { integrationType = "AWS_PROXY", payloadFormatVersion = "2.0", integrationMethod = (string?)null });
        await Control.CreateRouteAsync(apiId, "GET /x", integration);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var response = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/x"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task StageVariable_SelectsTheAlias()
    {
        var name = await FunctionAsync();
        (await fixture.Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();
        await fixture.Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "blue", "--function-version", "1");
        var apiId = await Control.CreateApiAsync();
        var integration = await Control.CreateIntegrationAsync(apiId, LambdaKit.Arn(name) + ":${stageVariables.alias}",
            new { integrationType = "AWS_PROXY", payloadFormatVersion = "2.0", integrationMethod = (string?)null });
        await Control.CreateRouteAsync(apiId, "GET /who", integration);
        await Control.CreateStageAsync(apiId, "prod", new { stageVariables = new { alias = "blue" } });
        await Control.CreateStageAsync(apiId, "dev", new { stageVariables = new { alias = "missing" } });
        await Control.DeployAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "dev");

        using var prod = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/prod/who"));
        using var dev = await Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/dev/who"));

        Assert.Equal(HttpStatusCode.OK, prod.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, dev.StatusCode);
    }

    private async Task<HttpResponseMessage> RespondAsync(string apiId, object result)
    {
        using var content = new StringContent(JsonSerializer.Serialize(result), Encoding.UTF8, "application/json");
        return await Http.PostAsync(fixture.DataPlane.HostStyle(apiId, "/prod/respond"), content);
    }

    private static async Task<JsonElement> EventAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static string? Header(JsonElement headers, string name) =>
        headers.EnumerateObject().FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value.GetString();

    private async Task<string> CreateApiAsync(string format, string routeKey, object? stageVariables = null, int? timeoutInMillis = null)
    {
        var name = await FunctionAsync();
        var apiId = await Control.CreateApiAsync();
        var integration = await Control.CreateIntegrationAsync(apiId, LambdaKit.Arn(name), new
        {
            integrationType = "AWS_PROXY",
            payloadFormatVersion = format,
            integrationMethod = (string?)null,
            timeoutInMillis,
        });
        await Control.CreateRouteAsync(apiId, routeKey, integration);
        await Control.CreateStageAsync(apiId, "prod", stageVariables is null ? null : new { stageVariables });
        await Control.DeployAsync(apiId, "prod");
        return apiId;
    }

    /// <summary>One function per server, created on first use.</summary>
    private Task<string> FunctionAsync()
    {
        lock (Functions)
        {
            if (!Functions.TryGetValue(fixture, out var created))
            {
                created = CreateFunctionAsync();
                Functions.Add(fixture, created);
            }

            return created;
        }
    }

    private async Task<string> CreateFunctionAsync()
    {
        var name = LambdaKit.UniqueName("proxy");
        await fixture.Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", Handler)), "--timeout", "10");
        return name;
    }
}
