using System.Net;
using System.Net.Sockets;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Given an HTTP (non-proxy) integration, When a client calls the method, Then the backend (a real local
/// server) gets the mapped request and the client the mapped response.</summary>
public sealed class HttpIntegrationTests : IAsyncLifetime
{
    private static readonly HttpMessageInvoker Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private RecordingBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await RecordingBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private static RestMappedIntegration Compile(RestIntegration integration) =>
        RestMappedIntegration.Compile(integration, new RestMappingOptions { HttpInvoker = Client });

    private RestIntegration Integration(string path = "/pets", string method = "GET", Dictionary<string, string>? parameters = null,
        Dictionary<string, string>? templates = null, int timeout = 29000, params IntegrationResponse[] responses) => new()
        {
            Type = "HTTP",
            HttpMethod = method,
            Uri = _backend.Url + path,
            RequestParameters = parameters,
            RequestTemplates = templates,
            TimeoutInMillis = timeout,
            IntegrationResponses = Responses(responses.Length == 0 ? [Response("200")] : responses),
        };

    [Fact]
    public async Task InvokeAsync_NoMappings_SendsOnlyApiGatewaysHeaders()
    {
        var integration = Compile(Integration());
        var request = Request(httpMethod: "GET", headers: [("X-Client", "secret"), ("Accept", "text/html"), ("User-Agent", "curl/8.0")]);

        var outcome = await integration.InvokeAsync(request, CancellationToken.None);

        Assert.Equal(200, outcome.Response!.StatusCode);
        var sent = Assert.Single(_backend.Requests);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("/pets", sent.PathAndQuery);
        Assert.False(sent.Headers.ContainsKey("X-Client"));
        Assert.Equal("application/json", sent.Headers["Accept"]);
        Assert.Equal("AmazonAPIGateway_" + ApiId, sent.Headers["User-Agent"]);
        Assert.Equal(ApiId, sent.Headers["X-Amzn-Apigateway-Api-Id"]);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", sent.Headers["X-Amzn-Trace-Id"]);
        Assert.Equal(200, outcome.IntegrationStatus);
        Assert.NotNull(outcome.IntegrationLatency);
    }

    [Fact]
    public async Task InvokeAsync_Mappings_FillUriPathQueryAndHeaders()
    {
        var integration = Compile(Integration("/pets/{petId}/{rest}?fixed=1", "POST", new()
        {
            ["integration.request.path.petId"] = "method.request.path.id",
            ["integration.request.path.rest"] = "method.request.path.proxy",
            ["integration.request.querystring.type"] = "method.request.querystring.kind",
            ["integration.request.header.Accept"] = "method.request.header.Accept",
            ["integration.request.header.x-stage"] = "stageVariables.color",
        }));
        var request = Request("hello", httpMethod: "GET", headers: [("Accept", "text/html"), ("Content-Type", "text/plain")], query: [("kind", "a b&c")],
            path: new Dictionary<string, string> { ["id"] = "7 x", ["proxy"] = "a/b" }, stageVariables: new Dictionary<string, string> { ["color"] = "blue" });

        await integration.InvokeAsync(request, CancellationToken.None);

        var sent = Assert.Single(_backend.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/pets/7%20x/a/b?fixed=1&type=a%20b%26c", sent.PathAndQuery);
        Assert.Equal("text/html", sent.Headers["Accept"]);
        Assert.Equal("blue", sent.Headers["x-stage"]);
        Assert.Equal("hello", sent.Body);
        Assert.Equal("text/plain", sent.Headers["Content-Type"]);
    }

    [Fact]
    public async Task InvokeAsync_AnyMethod_UsesTheClientsMethod()
    {
        var integration = Compile(Integration(method: "ANY"));

        await integration.InvokeAsync(Request(httpMethod: "DELETE"), CancellationToken.None);

        Assert.Equal("DELETE", Assert.Single(_backend.Requests).Method);
    }

    [Fact]
    public async Task InvokeAsync_StageVariablesInUri_AreSubstituted()
    {
        var integration = Compile(Integration() with { Uri = "${stageVariables.backend}/v/${stageVariables.version}" });
        var request = Request(stageVariables: new Dictionary<string, string> { ["backend"] = _backend.Url, ["version"] = "2" });

        await integration.InvokeAsync(request, CancellationToken.None);

        Assert.Equal("/v/2", Assert.Single(_backend.Requests).PathAndQuery);
    }

    [Fact]
    public async Task InvokeAsync_RequestTemplate_IsTheBodyWithItsContentType()
    {
        var integration = Compile(Integration(method: "POST", templates: new() { ["application/json"] = """{"name": "$input.path('$.n')"}""" }));

        await integration.InvokeAsync(Request("""{"n":"Rex"}""", headers: [("Content-Type", "application/json")]), CancellationToken.None);

        var sent = Assert.Single(_backend.Requests);
        Assert.Equal("""{"name": "Rex"}""", sent.Body);
        Assert.Equal("application/json", sent.Headers["Content-Type"]);
    }

    [Fact]
    public async Task InvokeAsync_BackendStatus_SelectsTheIntegrationResponse()
    {
        // As recorded on AWS (test_http_integration_status_code_selection): 4\d{2} turns a 404 into 400, a 201 takes
        // the default 200.
        var integration = Compile(Integration(responses: [Response("200"), Response("400", @"4\d{2}")]));
        _backend.Status = 404;

        var notFound = await integration.InvokeAsync(Request(), CancellationToken.None);
        _backend.Status = 201;
        var created = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(400, notFound.Response!.StatusCode);
        Assert.Equal(404, notFound.IntegrationStatus);
        Assert.Equal(200, created.Response!.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_ResponseMappings_MapBackendHeadersAndBody()
    {
        _backend.Body = """{"redirect":{"url":"https://example.com/x"}}""";
        _backend.Headers["x-app-id"] = "app-1";
        var integration = Compile(Integration(responses: Response("302", parameters: new()
        {
            ["method.response.header.Location"] = "integration.response.body.redirect.url",
            ["method.response.header.id"] = "integration.response.header.x-app-id",
        })));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(302, outcome.Response!.StatusCode);
        Assert.Equal("https://example.com/x", Header(outcome.Response.Headers, "Location"));
        Assert.Equal("app-1", Header(outcome.Response.Headers, "id"));
    }

    [Fact]
    public async Task InvokeAsync_SlowerThanTimeout_IsIntegrationTimeout()
    {
        _backend.Delay = TimeSpan.FromSeconds(5);
        var integration = Compile(Integration(timeout: 200));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Null(outcome.Response);
        Assert.Equal(RestIntegrationFailure.Timeout, outcome.Failure);
        Assert.Equal("INTEGRATION_TIMEOUT", outcome.Failure!.ResponseType);
        Assert.Equal(504, outcome.Failure.StatusCode);
        Assert.Equal("Endpoint request timed out", outcome.Failure.Message);
    }

    [Fact]
    public async Task InvokeAsync_BackendNotListening_IsAnIntegrationFailure()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port; // bound, never listening: connections are refused
        var integration = Compile(Integration() with { Uri = $"http://127.0.0.1:{port}/x" });

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.IntegrationFailure, outcome.Failure);
        Assert.Equal(500, outcome.Failure!.StatusCode);
        Assert.Equal("Internal server error", outcome.Failure.Message);
        Assert.NotNull(outcome.IntegrationError);
    }

    [Fact]
    public async Task InvokeAsync_UriThatResolvesToNoUrl_IsAConfigurationError()
    {
        var integration = Compile(Integration() with { Uri = "${stageVariables.missing}/x" });

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
        Assert.Empty(_backend.Requests);
    }

    [Theory]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    public async Task InvokeAsync_MappedReservedHeader_IsAnswered500(string header)
    {
        // Recorded on AWS (test_apigateway_header_remapping_http[HTTP]): 500 {"message": "Internal server error"}.
        var integration = Compile(Integration(parameters: new() { ["integration.request.header." + header] = "'5'" }));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(500, outcome.Failure!.StatusCode);
        Assert.Empty(_backend.Requests);
    }

    [Fact]
    public async Task InvokeAsync_UnsupportedMediaType_NeverCallsTheBackend()
    {
        var integration = Compile(Integration(templates: new() { ["application/json"] = "{}" }) with { PassthroughBehavior = "NEVER" });

        var outcome = await integration.InvokeAsync(Request("<a/>", headers: [("Content-Type", "application/xml")]), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.UnsupportedMediaType, outcome.Failure);
        Assert.Empty(_backend.Requests);
    }
}
