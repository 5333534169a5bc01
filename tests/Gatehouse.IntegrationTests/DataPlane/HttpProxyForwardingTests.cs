using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// What an HTTP_PROXY integration sends to the backend and returns to the client: the URI (route variables,
/// {proxy}, the $default route's full path, the client's query string), method, headers, body, and the answer.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class HttpProxyForwardingTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    private string Backend => fixture.Backend.BaseUrl;

    [Fact]
    public async Task RouteVariable_InTheIntegrationUri_IsSubstituted()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/hello/{name}?from=gateway", "prod", "GET /greeting/{name}");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/greeting/bob?lang=en"));

        Assert.Equal("/hello/bob", echo.Path);
        Assert.Equal("from=gateway&lang=en", echo.Query);
    }

    [Fact]
    public async Task RouteVariable_WithAnEncodedSlash_StaysOneSegment()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/items/{id}", "prod", "GET /items/{id}");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/items/a%2Fb"));

        Assert.Equal("/items/a%2Fb", echo.Path);
    }

    [Fact]
    public async Task GreedyVariable_InTheIntegrationUri_KeepsItsSlashes()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/store/{proxy}", "prod", "ANY /files/{proxy+}");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/files/a/b/c.txt"));

        Assert.Equal("/store/a/b/c.txt", echo.Path);
    }

    [Fact]
    public async Task UnboundProxyVariable_TakesTheRequestPathBelowTheStage()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/base/{proxy}", "prod", "GET /users/{id}");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/users/42"));

        Assert.Equal("/base/users/42", echo.Path);
    }

    [Fact]
    public async Task DefaultRoute_OnANamedStage_AppendsTheFullRequestPathIncludingTheStage()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/base", "prod", "$default");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/a/b?x=1"));

        Assert.Equal("/base/prod/a/b", echo.Path);
        Assert.Equal("x=1", echo.Query);
    }

    [Fact]
    public async Task DefaultRoute_OnTheDefaultStage_PathStyle_AppendsThePathBelowTheApiId()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/base/");
        await Control.CreateRouteAsync(apiId, "$default", integrationId);
        await Control.CreateStageAsync(apiId, "$default", new { autoDeploy = true });

        var echo = await DataPlane.EchoAsync(DataPlane.PathStyle(apiId, "/a/b%20c?x=1"));

        Assert.Equal("/base/a/b%20c", echo.Path);
        Assert.Equal("x=1", echo.Query);
    }

    [Fact]
    public async Task LiteralIntegrationUri_OnANonDefaultRoute_IsUsedAsGiven()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/fixed/path", "prod", "GET /anything/{x}");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/anything/here"));

        Assert.Equal("/fixed/path", echo.Path);
    }

    [Fact]
    public async Task QueryString_IsForwardedExactlyAsTheClientSentIt()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /search");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/search?a=1&a=2&b=x%20y&c&d=%26%3D"));

        Assert.Equal("a=1&a=2&b=x%20y&c&d=%26%3D", echo.Query);
    }

    [Fact]
    public async Task Headers_AreForwardedWithTheBackendHostAndForwardingHeaders()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /headers");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/headers"),
            ("X-Custom", "one"), ("User-Agent", "integration-test/1.0"), ("Accept", "application/json"));

        Assert.Equal("one", echo.Header("x-custom"));
        Assert.Equal("integration-test/1.0", echo.Header("user-agent"));
        Assert.Equal("application/json", echo.Header("accept"));
        Assert.Equal($"127.0.0.1:{fixture.Backend.Port}", echo.Header("host"));
        Assert.Equal("127.0.0.1", echo.Header("x-forwarded-for"));
        Assert.Equal("http", echo.Header("x-forwarded-proto"));
        Assert.Equal(fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Header("x-forwarded-port"));
        var forwarded = echo.Header("forwarded") ?? "";
        Assert.Contains("for=127.0.0.1", forwarded, StringComparison.Ordinal);
        Assert.Contains("proto=http", forwarded, StringComparison.Ordinal);
        Assert.Contains($"host={apiId}.execute-api.localhost", forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XForwardedFor_FromTheClient_IsExtendedWithTheClientAddress()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /xff");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/xff"), ("X-Forwarded-For", "203.0.113.7"));

        Assert.Equal("203.0.113.7, 127.0.0.1", echo.Header("x-forwarded-for"));
    }

    [Fact]
    public async Task HopByHopHeaders_AreNotForwarded()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /hop");
        using var request = new HttpRequestMessage(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/hop"));
        request.Headers.Connection.Add("x-foo");
        request.Headers.TryAddWithoutValidation("x-foo", "must not pass");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("x-end-to-end", "passes");

        using var response = await DataPlane.Http.SendAsync(request);
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("passes", echo.Header("x-end-to-end"));
        Assert.Null(echo.Header("keep-alive"));
        Assert.DoesNotContain("x-foo", echo.Header("connection") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.True(echo.Header("x-foo") is null,
            "a header named in Connection is hop-by-hop (RFC 9110 §7.6.1) and must not be forwarded; the backend received: " +
            string.Join("; ", echo.Headers.Select(h => $"{h.Key}: {h.Value}")));
    }

    [Fact]
    public async Task StandardHopByHopHeaders_AreNotForwarded()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /hop");
        using var request = new HttpRequestMessage(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/hop"));
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Connection", "keep-alive");
        request.Headers.TryAddWithoutValidation("x-end-to-end", "passes");

        using var response = await DataPlane.Http.SendAsync(request);
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("passes", echo.Header("x-end-to-end"));
        Assert.Null(echo.Header("keep-alive"));
        Assert.Null(echo.Header("proxy-connection"));
    }

    [Fact]
    public async Task HopByHopResponseHeaders_FromTheBackend_AreNotReturned()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /hop");

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/hop"), null,
            (EchoBackend.ResponseHeaderRequest + "-1", "Keep-Alive=timeout=99"), (EchoBackend.ResponseHeaderRequest + "-2", "x-end-to-end=kept"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kept", response.Headers.GetValues("x-end-to-end").Single());
        Assert.False(response.Headers.Contains("Keep-Alive"));
    }

    [Fact]
    public async Task PostBody_IsForwardedWithItsContentType()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "POST /pets");

        using var response = await DataPlane.SendAsync(HttpMethod.Post, DataPlane.HostStyle(apiId, "/prod/pets"),
            new StringContent("""{"name":"rex"}""", Encoding.UTF8, "application/json"));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("""{"name":"rex"}""", echo.Body);
        Assert.Equal("application/json; charset=utf-8", echo.Header("content-type"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneMegabyteBody_IsForwardedIntact(bool chunked)
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "PUT /upload");
        var payload = RandomNumberGenerator.GetBytes(1024 * 1024);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(payload)) : new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await DataPlane.SendAsync(HttpMethod.Put, DataPlane.HostStyle(apiId, "/prod/upload"), content);
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload.Length, echo.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), echo.BodySha256);
    }

    [Fact]
    public async Task BodyOverTenMegabytes_WithContentLength_Returns413()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "POST /upload");

        using var response = await DataPlane.SendAsync(HttpMethod.Post, DataPlane.HostStyle(apiId, "/prod/upload"),
            new ByteArrayContent(new byte[(10 * 1024 * 1024) + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task BodyOverTenMegabytes_Chunked_Returns413()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "POST /upload");
        var content = new StreamContent(new MemoryStream(new byte[(10 * 1024 * 1024) + 4096]));

        using var response = await DataPlane.SendAsync(HttpMethod.Post, DataPlane.HostStyle(apiId, "/prod/upload"), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task BodyOfExactlyTenMegabytes_IsForwarded()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "POST /upload");

        using var response = await DataPlane.SendAsync(HttpMethod.Post, DataPlane.HostStyle(apiId, "/prod/upload"),
            new ByteArrayContent(new byte[10 * 1024 * 1024]));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10 * 1024 * 1024, echo.BodyLength);
    }

    [Fact]
    public async Task IntegrationMethod_OtherThanAny_ReplacesTheClientMethod()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/{proxy}", new { integrationMethod = "POST" });
        await Control.CreateRouteAsync(apiId, "GET /convert", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/convert"));

        Assert.Equal("POST", echo.Method);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(404)]
    [InlineData(418)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task BackendStatusAndBody_AreReturnedAsTheBackendSentThem(int status)
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /status/{code}");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, $"/prod/status/{status}"));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"/status/{status}", echo.Path);
        Assert.Equal("echo", string.Join(",", response.Headers.GetValues("x-backend")));
    }

    [Fact]
    public async Task EveryResponse_CarriesADistinctApigwRequestId()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /id");

        using var first = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/id"));
        using var second = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/id"));
        using var notFound = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/nope"));

        var ids = new[] { first, second, notFound }.Select(r => Assert.Single(r.Headers.GetValues("apigw-requestid"))).ToList();
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9]{15}=$", id));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task StageVariables_InTheIntegrationUri_AreSubstitutedPerStage()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/${stageVariables.version}/pets");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "v1", new { stageVariables = new { version = "api-v1" } });
        await Control.CreateStageAsync(apiId, "v2", new { stageVariables = new { version = "api-v2" } });
        await Control.DeployAsync(apiId, "v1");
        await Control.DeployAsync(apiId, "v2");

        Assert.Equal("/api-v1/pets", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/v1/pets"))).Path);
        Assert.Equal("/api-v2/pets", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/v2/pets"))).Path);
    }

    [Fact]
    public async Task StageVariable_ChangedByUpdateStage_TakesEffectWithoutRedeploying()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, Backend + "/${stageVariables.version}/pets");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod", new { stageVariables = new { version = "old" } });
        await Control.DeployAsync(apiId, "prod");

        (await Control.PatchAsync($"/v2/apis/{apiId}/stages/prod", new { stageVariables = new { version = "new" } })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("/new/pets", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"))).Path);
    }

    [Fact]
    public async Task StageVariable_AsTheWholeHost_IsSubstituted()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, "http://${stageVariables.backend}/svc/{proxy}");
        await Control.CreateRouteAsync(apiId, "ANY /{proxy+}", integrationId);
        await Control.CreateStageAsync(apiId, "prod", new { stageVariables = new { backend = $"127.0.0.1:{fixture.Backend.Port}" } });
        await Control.DeployAsync(apiId, "prod");

        Assert.Equal("/svc/x/y", (await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/x/y"))).Path);
    }

    [Fact]
    public async Task Concurrency_FiftyParallelRequests_AllSucceedWithTheirOwnAnswer()
    {
        var apiId = await Control.CreateDeployedApiAsync(Backend + "/{proxy}", "prod", "GET /items/{id}");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var uri = i % 2 == 0 ? DataPlane.HostStyle(apiId, $"/prod/items/{i}?n={i}") : DataPlane.PathStyle(apiId, $"/prod/items/{i}?n={i}");
            using var response = await DataPlane.GetAsync(uri);
            var echo = await EchoedRequest.ReadAsync(response);
            return (Index: i, response.StatusCode, echo.Path, echo.Query, Id: response.Headers.GetValues("apigw-requestid").Single());
        }));

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal($"/items/{r.Index}", r.Path);
            Assert.Equal($"n={r.Index}", r.Query);
        });
        Assert.Equal(50, results.Select(r => r.Id).Distinct().Count());
    }
}
