using Gatehouse.DataPlane;
using Gatehouse.DataPlane.RestApis;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>The HTTP_PROXY integration URI built for a request: stage variables, path placeholders, query strings.</summary>
public sealed class RestDataPlaneHttpProxyUriTests
{
    private static string? Build(string uri, Dictionary<string, string>? parameters, string rawQuery, params KeyValuePair<string, string>[] path)
    {
        var snapshot = RestSnapshots.Snapshot([("/{proxy+}", ["ANY"])], m => m with
        {
            MethodIntegration = new RestIntegration { Type = "HTTP_PROXY", HttpMethod = "ANY", Uri = uri, RequestParameters = parameters },
        });
        var deployment = RestApiCompiler.Compile("api0000001", snapshot);
        var state = new RestRequestState
        {
            Stage = new CompiledRestStage("dev", deployment, new Dictionary<string, string> { ["host"] = "backend.example" }, [], null, null),
            Path = "/x",
            PathParameters = path,
        };
        var httpContext = new DefaultHttpContext();
        httpContext.Request.Headers["x-h"] = "header value";
        var context = new RequestContext
        {
            RequestId = "id",
            ApiId = "api0000001",
            AccountId = "000000000000",
            DomainName = "localhost",
            HttpMethod = "GET",
            Path = "/dev/x",
            RequestTimeEpoch = 0,
            SourceIp = "127.0.0.1",
            TraceId = "Root=1-00000000-0123456789abcdef01234567",
        };
        return RestHttpProxy.BuildUri(httpContext.Request, context, state, rawQuery, (RestHttpProxyTarget)deployment.Methods[0].Integration!)?.OriginalString;
    }

    [Fact]
    public void BuildUri_GreedyPlaceholderMapped_TakesTheRawValueAndTheClientsQuery()
    {
        var uri = Build("http://${stageVariables.host}/base/{proxy}", new() { ["integration.request.path.proxy"] = "method.request.path.proxy" },
            "?a=1&b=%20", new KeyValuePair<string, string>("proxy", "x/y%2Fz"));

        Assert.Equal("http://backend.example/base/x/y%2Fz?a=1&b=%20", uri);
    }

    [Fact]
    public void BuildUri_QueryStringMappings_AreAppendedEncoded()
    {
        var uri = Build("http://backend.example/p?fixed=1", new()
        {
            ["integration.request.querystring.from"] = "method.request.header.x-h",
            ["integration.request.querystring.static"] = "'s t'",
            ["integration.request.querystring.absent"] = "method.request.querystring.nothing",
        }, "");

        Assert.Equal("http://backend.example/p?fixed=1&from=header%20value&static=s%20t", uri);
    }

    [Fact]
    public void BuildUri_StageVariableLeavingNoHost_IsNull()
    {
        Assert.Null(Build("http://${stageVariables.missing}/p", null, ""));
    }
}
