using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// REST APIs' non-proxy integrations end to end: HTTP (to the echo backend), AWS (a real Node.js function, Lambda
/// non-proxy) and MOCK, built with the real AWS CLI with request parameters, mapping templates, integration responses
/// chosen by selection pattern, response parameters and passthrough behaviours, as the developer guide's examples do.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class RestMappedIntegrationTests(GatehouseFixture fixture)
{
    /// <summary>Adds a and b; fails with a message the integration responses select on when either is missing.</summary>
    private const string AdderHandler = """
        exports.handler = async (event) => {
          if (typeof event.a !== 'number' || typeof event.b !== 'number') throw new Error('Bad input: a and b are numbers');
          return { sum: event.a + event.b, who: event.who };
        };
        """;

    private static readonly ConditionalWeakTable<GatehouseFixture, Task<string>> Adders = [];

    private RestDataPlaneCli Cli => new(fixture.Cli);

    private Task<string> AdderAsync() => Adders.GetValue(fixture, f => f.Cli.CreateFunctionAsync(LambdaKit.UniqueName("rest-adder"),
        LambdaKit.Zip(("index.js", AdderHandler, 0x8000 | 0b110_100_100))).ContinueWith(t => t.Result.GetProperty("FunctionName").GetString()!, TaskScheduler.Default));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private Task<JsonElement> IntegrationResponseAsync(string apiId, string resource, string verb, string status, params string[] extra) =>
        Cli.RunAsync(["put-integration-response", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", verb, "--status-code", status, .. extra]);

    private Task<JsonElement> MethodResponseAsync(string apiId, string resource, string verb, string status, params string[] extra) =>
        Cli.RunAsync(["put-method-response", "--rest-api-id", apiId, "--resource-id", resource, "--http-method", verb, "--status-code", status, .. extra]);

    [Fact]
    public async Task Http_MapsParametersAndBodyToTheBackendAndItsAnswerBack()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("mapped-http");
        var orders = await Cli.ResourceAsync(apiId, rootId, "orders");
        var order = await Cli.ResourceAsync(apiId, orders, "{id}");
        await Cli.MethodAsync(apiId, order, "POST", "--request-parameters", "method.request.querystring.tag=false");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", order, "--http-method", "POST", "--type", "HTTP",
            "--integration-http-method", "PUT", "--uri", fixture.Backend.BaseUrl + "/backend/orders/{id}",
            "--request-parameters", Json(new Dictionary<string, string>
            {
                ["integration.request.path.id"] = "method.request.path.id",
                ["integration.request.header.x-tag"] = "method.request.querystring.tag",
                ["integration.request.header.x-static"] = "'fixed'",
            }),
            "--request-templates", Json(new Dictionary<string, string>
            {
                ["application/json"] = """{"item": $input.json('$.item'), "stage": "$context.stage", "color": "$stageVariables.color"}""",
            }));
        await MethodResponseAsync(apiId, order, "POST", "200", "--response-parameters", "method.response.header.x-backend-method=false");
        await IntegrationResponseAsync(apiId, order, "POST", "200", "--response-parameters",
            Json(new Dictionary<string, string> { ["method.response.header.x-backend-method"] = "integration.response.body.method" }),
            "--response-templates", Json(new Dictionary<string, string>
            {
                ["application/json"] = """{"path": "$input.path('$.path')", "tag": "$input.path('$.headers.x-tag')", "static": "$input.path('$.headers.x-static')", "sent": $input.path('$.body')}""",
            }));
        await Cli.DeployAsync(apiId, "live", "--variables", "color=green");

        using var response = await fixture.DataPlane.Http.PostAsync(fixture.DataPlane.HostStyle(apiId, "/live/orders/42?tag=red"),
            new StringContent("""{"item": {"sku": "a-1", "qty": 2}}""", Encoding.UTF8, "application/json"));

        var answer = JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal("/backend/orders/42", answer.GetProperty("path").GetString());
        Assert.Equal("red", answer.GetProperty("tag").GetString());
        Assert.Equal("fixed", answer.GetProperty("static").GetString());
        var sent = answer.GetProperty("sent");
        Assert.Equal("a-1", sent.GetProperty("item").GetProperty("sku").GetString());
        Assert.Equal(2, sent.GetProperty("item").GetProperty("qty").GetInt32());
        Assert.Equal("live", sent.GetProperty("stage").GetString());
        Assert.Equal("green", sent.GetProperty("color").GetString());
        Assert.Equal("PUT", response.Headers.GetValues("x-backend-method").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Http_SelectionPatternOnTheBackendStatus_ChoosesTheMethodResponse()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("mapped-status");
        var broken = await Cli.ResourceAsync(apiId, rootId, "broken");
        await Cli.MethodAsync(apiId, broken, "GET");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", broken, "--http-method", "GET", "--type", "HTTP",
            "--integration-http-method", "GET", "--uri", fixture.Backend.BaseUrl + "/status/503");
        await MethodResponseAsync(apiId, broken, "GET", "200");
        await MethodResponseAsync(apiId, broken, "GET", "502");
        await IntegrationResponseAsync(apiId, broken, "GET", "200");
        await IntegrationResponseAsync(apiId, broken, "GET", "502", "--selection-pattern", "5\\d{2}", "--response-templates",
            Json(new Dictionary<string, string> { ["application/json"] = """{"error": "the backend failed", "request": "$context.requestId"}""" }));
        await Cli.DeployAsync(apiId, "live");

        using var response = await fixture.DataPlane.Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/live/broken"));

        var answer = JsonDocument.Parse(await response.ShouldBeAsync(HttpStatusCode.BadGateway)).RootElement;
        Assert.Equal("the backend failed", answer.GetProperty("error").GetString());
        Assert.Equal(response.Headers.GetValues("x-amzn-RequestId").Single(), answer.GetProperty("request").GetString());
    }

    [Fact]
    public async Task Aws_LambdaNonProxy_MapsTheEventAndSelectsErrorsByMessage()
    {
        var adder = await AdderAsync();
        var (apiId, rootId) = await Cli.CreateApiAsync("mapped-lambda");
        var sum = await Cli.ResourceAsync(apiId, rootId, "sum");
        await Cli.MethodAsync(apiId, sum, "GET");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", sum, "--http-method", "GET", "--type", "AWS",
            "--integration-http-method", "POST", "--uri", RestDataPlaneCli.LambdaUri(adder),
            "--request-templates", Json(new Dictionary<string, string>
            {
                ["application/json"] = """
                    #set($a = $input.params('a'))
                    #set($b = $input.params('b'))
                    {"a": #if($a != "")$a#{else}null#end, "b": #if($b != "")$b#{else}null#end, "who": "$util.escapeJavaScript($input.params('who'))"}
                    """,
            }));
        await MethodResponseAsync(apiId, sum, "GET", "200");
        await MethodResponseAsync(apiId, sum, "GET", "400");
        await IntegrationResponseAsync(apiId, sum, "GET", "200");
        await IntegrationResponseAsync(apiId, sum, "GET", "400", "--selection-pattern", "Bad input.*", "--response-templates",
            Json(new Dictionary<string, string> { ["application/json"] = """{"error": "$input.path('$.errorMessage')"}""" }));
        await Cli.DeployAsync(apiId, "live");

        using var ok = await fixture.DataPlane.Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/live/sum?a=2&b=40&who=Ann%20%22A%22"));
        var answer = JsonDocument.Parse(await ok.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal(42, answer.GetProperty("sum").GetInt32());
        Assert.Equal("Ann \"A\"", answer.GetProperty("who").GetString()); // escapeJavaScript kept the JSON valid

        using var bad = await fixture.DataPlane.Http.GetAsync(fixture.DataPlane.HostStyle(apiId, "/live/sum?a=2"));
        var error = JsonDocument.Parse(await bad.ShouldBeAsync(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal("Bad input: a and b are numbers", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Mock_TemplatesChooseTheStatusAndPassthroughNeverRefusesOtherMediaTypes()
    {
        var (apiId, rootId) = await Cli.CreateApiAsync("mapped-mock");
        var ping = await Cli.ResourceAsync(apiId, rootId, "ping");
        await Cli.MethodAsync(apiId, ping, "POST");
        await Cli.RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", ping, "--http-method", "POST", "--type", "MOCK",
            "--passthrough-behavior", "NEVER", "--request-templates", Json(new Dictionary<string, string>
            {
                ["application/json"] = """{"statusCode": #if($input.path('$.fail') == true)500#{else}200#end}""",
            }));
        await MethodResponseAsync(apiId, ping, "POST", "200");
        await MethodResponseAsync(apiId, ping, "POST", "500");
        await IntegrationResponseAsync(apiId, ping, "POST", "200", "--response-templates",
            Json(new Dictionary<string, string> { ["application/json"] = """{"pong": true, "method": "$context.httpMethod"}""" }));
        await IntegrationResponseAsync(apiId, ping, "POST", "500", "--selection-pattern", "5\\d{2}", "--response-templates",
            Json(new Dictionary<string, string> { ["application/json"] = """{"pong": false}""" }));
        await Cli.DeployAsync(apiId, "live");
        var url = fixture.DataPlane.HostStyle(apiId, "/live/ping");

        using var ok = await fixture.DataPlane.Http.PostAsync(url, new StringContent("""{"fail": false}""", Encoding.UTF8, "application/json"));
        Assert.Equal("""{"pong": true, "method": "POST"}""", await ok.ShouldBeAsync(HttpStatusCode.OK));

        using var failed = await fixture.DataPlane.Http.PostAsync(url, new StringContent("""{"fail": true}""", Encoding.UTF8, "application/json"));
        Assert.Equal("""{"pong": false}""", await failed.ShouldBeAsync(HttpStatusCode.InternalServerError));

        using var text = await fixture.DataPlane.Http.PostAsync(url, new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal("""{"message":"Unsupported Media Type"}""", await text.ShouldBeAsync(HttpStatusCode.UnsupportedMediaType));
    }
}
