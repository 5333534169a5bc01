using Gatehouse.DataPlane.Integrations;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane;

public sealed class IntegrationRequestUriTests
{
    private static string? Build(string routeKey, string stagePath, string uri, string query = "",
        Dictionary<string, string>? mappings = null, Dictionary<string, string>? stageVariables = null, string stage = "prod",
        Action<HttpRequest>? setup = null)
    {
        var context = TestRequests.Context(routeKey, stagePath, TestRequests.HttpProxy(uri, mappings), stageVariables, stage);
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString(query);
        setup?.Invoke(http.Request);
        return IntegrationRequestUri.Build(context, http.Request, query)?.OriginalString;
    }

    [Fact]
    public void Build_PathVariables_AreSubstitutedAndEscaped() =>
        Assert.Equal("http://backend/pets/al%20ice", Build("GET /pets/{name}", "/pets/al%20ice", "http://backend/pets/{name}"));

    [Fact]
    public void Build_GreedyVariable_KeepsSlashes() =>
        Assert.Equal("http://backend/store/a/b", Build("ANY /{proxy+}", "/a/b", "http://backend/store/{proxy}"));

    [Fact]
    public void Build_UnboundProxy_TakesThePathBelowTheStage() =>
        Assert.Equal("http://backend/greeting/bob", Build("GET /greeting/{name}", "/greeting/bob", "http://backend/{proxy}"));

    [Fact]
    public void Build_DefaultRoute_AppendsTheFullPathWithTheStage() =>
        Assert.Equal("http://backend/base/prod/store/checkout", Build("$default", "/store/checkout", "http://backend/base/"));

    [Fact]
    public void Build_DefaultRouteOnDefaultStage_AppendsThePath() =>
        Assert.Equal("http://backend/store", Build("$default", "/store", "http://backend", stage: "$default"));

    [Fact]
    public void Build_QueryString_IsForwardedAndMergedWithTheIntegrations() =>
        Assert.Equal("http://backend/x?fixed=1&a=1&a=2", Build("GET /x", "/x", "http://backend/x?fixed=1", "?a=1&a=2"));

    [Fact]
    public void Build_StageVariables_FillTheUri() =>
        Assert.Equal("http://host-a:81/v1", Build("GET /x", "/x", "http://${stageVariables.host}/${stageVariables.version}",
            stageVariables: new() { ["host"] = "host-a:81", ["version"] = "v1" }));

    [Fact]
    public void Build_MissingStageVariableLeavesNoValidUrl_ReturnsNull() =>
        Assert.Null(Build("GET /x", "/x", "${stageVariables.url}"));

    [Fact]
    public void Build_OverwritePath_ReplacesThePath() =>
        Assert.Equal("http://backend/v2/pets/7?q=1", Build("GET /pets/{id}", "/pets/7", "http://backend/ignored", "?q=1",
            new() { ["overwrite:path"] = "/v2/pets/${request.path.id}" }));

    [Fact]
    public void Build_QueryMappings_AppendOverwriteRemove()
    {
        var uri = Build("GET /x", "/x", "http://backend/x", "?keep=1&drop=2&over=3",
            new()
            {
                ["remove:querystring.drop"] = "",
                ["overwrite:querystring.over"] = "new value",
                ["append:querystring.user"] = "$request.header.x-user",
            },
            setup: r => r.Headers["x-user"] = "ann");

        Assert.Equal("http://backend/x?keep=1&over=new%20value&user=ann", uri);
    }

    [Fact]
    public void Build_QueryMappingFromAbsentSource_AddsNothing() =>
        Assert.Equal("http://backend/x", Build("GET /x", "/x", "http://backend/x", "",
            new() { ["append:querystring.user"] = "$request.header.x-user" }));
}
