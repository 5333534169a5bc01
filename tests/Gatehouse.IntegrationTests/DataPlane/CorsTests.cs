using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// CORS on HTTP APIs: with a corsConfiguration the gateway answers preflight requests itself and puts its CORS
/// headers on responses to allowed origins, replacing the backend's. Like everything an API freezes, it needs a
/// deployment to take effect.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class CorsTests(GatehouseFixture fixture)
{
    private const string Origin = "https://www.example.com";

    private static readonly object FullCors = new
    {
        allowOrigins = new[] { Origin },
        allowMethods = new[] { "GET", "POST" },
        allowHeaders = new[] { "x-custom", "content-type" },
        exposeHeaders = new[] { "x-backend" },
        maxAge = 300,
        allowCredentials = true,
    };

    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    private async Task<string> CreateApiAsync(object? cors, bool autoDeploy = false)
    {
        var apiId = await Control.CreateApiAsync(cors: cors);
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "ANY /{proxy+}", integrationId);
        if (autoDeploy)
        {
            await Control.CreateStageAsync(apiId, "prod", new { autoDeploy = true });
        }
        else
        {
            await Control.CreateStageAsync(apiId, "prod");
            await Control.DeployAsync(apiId, "prod");
        }

        return apiId;
    }

    private Task<HttpResponseMessage> PreflightAsync(string apiId, string origin = Origin) =>
        DataPlane.SendAsync(HttpMethod.Options, DataPlane.HostStyle(apiId, "/prod/pets"), null,
            ("Origin", origin), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "x-custom"));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string[] List(string? header) =>
        [.. (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant()).Order()];

    [Fact]
    public async Task Preflight_AllowedOrigin_IsAnswered204ByTheGatewayWithTheConfiguredHeaders()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await PreflightAsync(apiId);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-backend"), "the backend is not called for a preflight");
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["get", "post"], List(Header(response, "Access-Control-Allow-Methods")));
        Assert.Equal(["content-type", "x-custom"], List(Header(response, "Access-Control-Allow-Headers")));
        Assert.Equal("300", Header(response, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task Preflight_WithoutAnOptionsRoute_IsStillAnswered()
    {
        var apiId = await Control.CreateApiAsync(cors: new { allowOrigins = new[] { "*" }, allowMethods = new[] { "*" } });
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var response = await PreflightAsync(apiId, "https://anywhere.example");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_OriginNotAllowed_GetsNoCorsHeaders()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await PreflightAsync(apiId, "https://evil.example");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task ActualRequest_AllowedOrigin_GetsOriginCredentialsAndExposeHeaders()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null, ("Origin", Origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/pets", (await EchoedRequest.ReadAsync(response)).Path);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Equal(["x-backend"], List(Header(response, "Access-Control-Expose-Headers")));
    }

    [Fact]
    public async Task ActualRequest_BackendCorsHeaders_AreReplacedByTheGatewayConfiguration()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null,
            ("Origin", Origin), (EchoBackend.ResponseHeaderRequest, "Access-Control-Allow-Origin=https://backend.example"));

        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ActualRequest_OriginNotAllowed_GetsNoCorsHeaders()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null,
            ("Origin", "https://evil.example"), (EchoBackend.ResponseHeaderRequest, "Access-Control-Allow-Origin=*"));

        // "If you configure CORS for an API, API Gateway ignores CORS headers returned from your backend integration."
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ActualRequest_WildcardOrigin_AnswersStar()
    {
        var apiId = await CreateApiAsync(new { allowOrigins = new[] { "*" } });

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null, ("Origin", "https://a.example"));

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ActualRequest_SchemeWildcardOrigin_EchoesAnyOriginOfThatScheme()
    {
        var apiId = await CreateApiAsync(new { allowOrigins = new[] { "https://*" } });

        using var https = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null, ("Origin", "https://app.example.org"));
        using var http = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/pets"), null, ("Origin", "http://app.example.org"));

        Assert.Equal("https://app.example.org", Header(https, "Access-Control-Allow-Origin"));
        Assert.Null(Header(http, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task OptionsWithoutAccessControlRequestMethod_IsNotAPreflight_AndGoesToTheRoute()
    {
        var apiId = await CreateApiAsync(FullCors);

        using var response = await DataPlane.SendAsync(HttpMethod.Options, DataPlane.HostStyle(apiId, "/prod/pets"), null, ("Origin", Origin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OPTIONS", (await EchoedRequest.ReadAsync(response)).Method);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task GatewayError_ForAnAllowedOrigin_AlsoCarriesCorsHeaders()
    {
        var apiId = await Control.CreateApiAsync(cors: new { allowOrigins = new[] { Origin } });
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/cats"), null, ("Origin", Origin));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task UpdateApiCors_OnAManuallyDeployedStage_TakesEffectOnlyAfterRedeployment()
    {
        var apiId = await CreateApiAsync(cors: null);

        (await Control.PatchAsync($"/v2/apis/{apiId}", new { corsConfiguration = FullCors })).ShouldBe(HttpStatusCode.OK);
        using var beforeRedeploy = await PreflightAsync(apiId);
        await Control.DeployAsync(apiId, "prod");
        using var afterRedeploy = await PreflightAsync(apiId);

        // Before: no CORS in the live deployment, so the OPTIONS request goes to the ANY route and the backend answers.
        Assert.Equal(HttpStatusCode.OK, beforeRedeploy.StatusCode);
        Assert.Null(Header(beforeRedeploy, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NoContent, afterRedeploy.StatusCode);
        Assert.Equal(Origin, Header(afterRedeploy, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task UpdateApiCors_OnAnAutoDeployStage_TakesEffectAtOnce()
    {
        var apiId = await CreateApiAsync(cors: null, autoDeploy: true);

        (await Control.PatchAsync($"/v2/apis/{apiId}", new { corsConfiguration = FullCors })).ShouldBe(HttpStatusCode.OK);
        using var response = await PreflightAsync(apiId);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task DeleteCorsConfiguration_AndRedeploy_StopsTheGatewayAnsweringPreflights()
    {
        var apiId = await CreateApiAsync(FullCors);

        (await Control.DeleteAsync($"/v2/apis/{apiId}/cors")).ShouldBe(HttpStatusCode.NoContent);
        await Control.DeployAsync(apiId, "prod");
        using var response = await PreflightAsync(apiId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OPTIONS", (await EchoedRequest.ReadAsync(response)).Method);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }
}
