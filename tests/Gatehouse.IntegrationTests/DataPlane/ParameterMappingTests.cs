using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// HTTP API parameter mapping on HTTP_PROXY integrations: requestParameters change the headers, query string and
/// path sent to the backend; responseParameters change the status and headers sent back.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class ParameterMappingTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    private async Task<string> DeployAsync(string routeKey, object integrationSettings, string uriPath = "/{proxy}", object? stage = null)
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + uriPath, integrationSettings);
        await Control.CreateRouteAsync(apiId, routeKey, integrationId);
        await Control.CreateStageAsync(apiId, "prod", stage);
        await Control.DeployAsync(apiId, "prod");
        return apiId;
    }

    [Fact]
    public async Task RequestHeaders_AppendOverwriteRemove_FromRequestContextStageVariablesAndText()
    {
        var apiId = await DeployAsync("GET /users/{id}", new
        {
            requestParameters = new Dictionary<string, string>
            {
                ["append:header.x-user"] = "$request.querystring.user",
                ["overwrite:header.x-static"] = "static-value",
                ["remove:header.x-secret"] = "''",
                ["append:header.x-id"] = "$request.path.id",
                ["overwrite:header.x-request-id"] = "$context.requestId",
                ["overwrite:header.x-stage"] = "$stageVariables.region",
                ["overwrite:header.x-combined"] = "user-${request.path.id}@${stageVariables.region}",
                ["overwrite:header.x-from-header"] = "$request.header.x-original",
                ["append:header.x-append-me"] = "added",
            },
        }, stage: new { stageVariables = new { region = "eu" } });

        using var response = await DataPlane.SendAsync(HttpMethod.Get, DataPlane.HostStyle(apiId, "/prod/users/42?user=alice"), null,
            ("x-static", "client-value"), ("x-secret", "hunter2"), ("x-original", "orig"), ("x-append-me", "client"));
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", echo.Header("x-user"));
        Assert.Equal("static-value", echo.Header("x-static"));
        Assert.Null(echo.Header("x-secret"));
        Assert.Equal("42", echo.Header("x-id"));
        Assert.Equal(response.Headers.GetValues("apigw-requestid").Single(), echo.Header("x-request-id"));
        Assert.Equal("eu", echo.Header("x-stage"));
        Assert.Equal("user-42@eu", echo.Header("x-combined"));
        Assert.Equal("orig", echo.Header("x-from-header"));
        Assert.Equal("client,added", echo.Header("x-append-me")?.Replace(", ", ",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestHeader_MappedFromAnAbsentSource_IsNotSent()
    {
        var apiId = await DeployAsync("GET /absent", new
        {
            requestParameters = new Dictionary<string, string> { ["append:header.x-user"] = "$request.querystring.user" },
        });

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/absent"));

        Assert.Null(echo.Header("x-user"));
    }

    [Fact]
    public async Task QueryString_AppendOverwriteRemove_ChangesWhatTheBackendReceives()
    {
        var apiId = await DeployAsync("GET /search", new
        {
            requestParameters = new Dictionary<string, string>
            {
                ["append:querystring.source"] = "$request.header.x-source",
                ["overwrite:querystring.page"] = "1",
                ["remove:querystring.secret"] = "''",
                ["append:querystring.tag"] = "gateway",
            },
        });

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/search?q=cats&page=9&secret=s3&tag=client"), ("x-source", "mobile app"));

        var pairs = echo.Query.Split('&').Select(Uri.UnescapeDataString).Order().ToList();
        Assert.Equal(["page=1", "q=cats", "source=mobile app", "tag=client", "tag=gateway"], pairs);
    }

    [Fact]
    public async Task Path_Overwrite_ReplacesThePathSentToTheBackend()
    {
        var apiId = await DeployAsync("GET /pets/{id}", new
        {
            requestParameters = new Dictionary<string, string> { ["overwrite:path"] = "/v2/animals/${request.path.id}/details" },
        });

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets/7?x=1"));

        Assert.Equal("/v2/animals/7/details", echo.Path);
        Assert.Equal("x=1", echo.Query);
    }

    [Fact]
    public async Task Path_OverwriteWithRequestPath_SendsThePathWithoutTheStage()
    {
        var apiId = await DeployAsync("ANY /{proxy+}", new
        {
            requestParameters = new Dictionary<string, string> { ["overwrite:path"] = "$request.path" },
        }, uriPath: "/ignored");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/a/b"));

        Assert.Equal("/a/b", echo.Path);
    }

    [Fact]
    public async Task ResponseParameters_OverwriteStatusCodeAndHeaders_ForTheMatchingBackendStatus()
    {
        var apiId = await DeployAsync("GET /status/{code}", new
        {
            responseParameters = new Dictionary<string, Dictionary<string, string>>
            {
                ["200"] = new()
                {
                    ["overwrite:statuscode"] = "202",
                    ["append:header.x-mapped"] = "yes",
                    ["overwrite:header.x-backend"] = "hidden",
                    ["append:header.x-copied"] = "$response.header.x-backend",
                },
                ["404"] = new() { ["overwrite:statuscode"] = "410" },
            },
        });

        using var ok = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/status/200"));
        using var missing = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/status/404"));
        using var other = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/status/201"));

        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Equal("yes", ok.Headers.GetValues("x-mapped").Single());
        Assert.Equal("hidden", ok.Headers.GetValues("x-backend").Single());
        Assert.Equal("echo", ok.Headers.GetValues("x-copied").Single());
        Assert.Equal("/status/200", (await EchoedRequest.ReadAsync(ok)).Path);
        Assert.Equal(HttpStatusCode.Gone, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("x-mapped"), "mappings apply to their status code only");
    }

    [Fact]
    public async Task ResponseParameters_RemoveHeader_DropsTheBackendHeader()
    {
        var apiId = await DeployAsync("GET /plain", new
        {
            responseParameters = new Dictionary<string, Dictionary<string, string>> { ["200"] = new() { ["remove:header.x-backend"] = "''" } },
        });

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-backend"));
    }

    [Fact]
    public async Task ResponseParameters_StatusCodeTo204_AnswersWithoutABodyAndKeepsTheServerHealthy()
    {
        var apiId = await DeployAsync("GET /nocontent", new
        {
            responseParameters = new Dictionary<string, Dictionary<string, string>>
            {
                ["200"] = new() { ["overwrite:statuscode"] = "204", ["append:header.x-mapped"] = "v" },
            },
        });

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/nocontent"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("v", response.Headers.GetValues("x-mapped").Single());
        Assert.Equal("", body);
        var again = await DataPlane.EchoAsync(DataPlane.HostStyle(await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "GET /ok"), "/prod/ok"));
        Assert.Equal("/ok", again.Path);
    }

    [Fact]
    public async Task UpdateIntegration_NewMappingsAndRedeploy_ChangeWhatIsSent()
    {
        var apiId = await DeployAsync("GET /m", new
        {
            requestParameters = new Dictionary<string, string> { ["overwrite:header.x-version"] = "one" },
        });
        var integrationId = (await Control.GetAsync($"/v2/apis/{apiId}/integrations")).Json.GetProperty("items")[0].GetProperty("integrationId").GetString();

        (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new
        {
            requestParameters = new Dictionary<string, string> { ["overwrite:header.x-version"] = "two" },
        })).ShouldBe(HttpStatusCode.OK);
        var beforeRedeploy = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/m"));
        await Control.DeployAsync(apiId, "prod");
        var afterRedeploy = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/m"));

        Assert.Equal("one", beforeRedeploy.Header("x-version"));
        Assert.Equal("two", afterRedeploy.Header("x-version"));
    }
}
