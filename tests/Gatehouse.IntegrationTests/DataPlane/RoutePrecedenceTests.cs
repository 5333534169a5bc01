using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// Route selection as in AWS's "Routing API requests" (HTTP APIs): a full match of path and method first (literal
/// segments before {variables}), then greedy {proxy+} routes (deeper first, a method before ANY), then $default.
/// Each route has its own integration whose URI names it, so the echo shows which route matched.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class RoutePrecedenceTests(GatehouseFixture fixture) : IAsyncLifetime
{
    private static readonly string[] AwsExampleRoutes = ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default"];

    private string _apiId = "";

    private DataPlaneClient DataPlane => fixture.DataPlane;

    public async Task InitializeAsync() => _apiId = await CreateApiWithLabelledRoutesAsync(AwsExampleRoutes);

    public Task DisposeAsync() => Task.CompletedTask;

    // AWS's documented example table, plus the edges around it.
    [Theory]
    [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1")]
    [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}")]
    [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}")]
    [InlineData("POST", "/test/5", "ANY /{proxy+}")]
    [InlineData("POST", "/pets/dog/1", "ANY /{proxy+}")]
    [InlineData("GET", "/pets/dog/1/", "GET /pets/dog/1")]
    [InlineData("GET", "/pets/dog", "GET /pets/{proxy+}")]
    [InlineData("GET", "/pets", "ANY /{proxy+}")]
    [InlineData("GET", "/Pets/dog/1", "ANY /{proxy+}")]
    [InlineData("GET", "/", "$default")]
    [InlineData("DELETE", "/", "$default")]
    public async Task Match_AwsDocumentationRoutes_SelectsTheDocumentedRoute(string method, string path, string expectedRoute)
    {
        using var response = await DataPlane.SendAsync(new HttpMethod(method), DataPlane.HostStyle(_apiId, "/prod" + path));

        var echo = await EchoedRequest.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedRoute, MatchedRoute(echo));
    }

    [Fact]
    public async Task Match_MethodBeatsAnyOnTheSamePath()
    {
        var apiId = await CreateApiWithLabelledRoutesAsync(["ANY /pets", "GET /pets"]);

        var get = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        using var delete = await DataPlane.SendAsync(HttpMethod.Delete, DataPlane.HostStyle(apiId, "/prod/pets"));

        Assert.Equal("GET /pets", MatchedRoute(get));
        Assert.Equal("ANY /pets", MatchedRoute(await EchoedRequest.ReadAsync(delete)));
    }

    [Fact]
    public async Task Match_DeeperGreedyRouteBeatsShallowerOne()
    {
        var apiId = await CreateApiWithLabelledRoutesAsync(["ANY /{proxy+}", "ANY /api/{proxy+}", "ANY /api/v2/{proxy+}"]);

        Assert.Equal("ANY /api/v2/{proxy+}", MatchedRoute(await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/api/v2/users/1"))));
        Assert.Equal("ANY /api/{proxy+}", MatchedRoute(await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/api/v1/users"))));
        Assert.Equal("ANY /{proxy+}", MatchedRoute(await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/other"))));
    }

    [Fact]
    public async Task Match_NoRouteAndNoDefaultRoute_Returns404NotFound()
    {
        var apiId = await CreateApiWithLabelledRoutesAsync(["GET /pets", "ANY /pets/{proxy+}"]);

        using var wrongPath = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/cats"));
        using var wrongMethod = await DataPlane.SendAsync(HttpMethod.Post, DataPlane.HostStyle(apiId, "/prod/pets"));
        using var greedyNeedsASegment = await DataPlane.SendAsync(HttpMethod.Delete, DataPlane.HostStyle(apiId, "/prod/pets/"));

        await wrongPath.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        await wrongMethod.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        await greedyNeedsASegment.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task Match_GreedyRootRoute_DoesNotMatchTheStageRoot()
    {
        var apiId = await CreateApiWithLabelledRoutesAsync(["ANY /{proxy+}"]);

        using var root = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/"));

        await root.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task Match_PathParameters_AreDecodedForMatchingAndReEncodedIntoTheIntegrationUri()
    {
        var apiId = await Control().CreateApiAsync();
        var integrationId = await Control().CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/pets/{name}/photos/{rest}");
        await Control().CreateRouteAsync(apiId, "GET /pets/{name}/photos/{rest+}", integrationId);
        await Control().CreateStageAsync(apiId, "prod");
        await Control().DeployAsync(apiId, "prod");

        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets/mr%20whiskers/photos/2024/a%2Bb.png"));

        Assert.Equal("/pets/mr%20whiskers/photos/2024/a%2Bb.png", echo.Path);
    }

    private ControlPlaneClient Control() => fixture.Control;

    /// <summary>One integration per route, at {backend}/matched/{route key made path-safe}, deployed to "prod".</summary>
    private async Task<string> CreateApiWithLabelledRoutesAsync(string[] routeKeys)
    {
        var control = fixture.Control;
        var apiId = await control.CreateApiAsync();
        foreach (var routeKey in routeKeys)
        {
            var integrationId = await control.CreateIntegrationAsync(apiId, $"{fixture.Backend.BaseUrl}/matched/{Label(routeKey)}");
            await control.CreateRouteAsync(apiId, routeKey, integrationId);
        }

        await control.CreateStageAsync(apiId, "prod");
        await control.DeployAsync(apiId, "prod");
        return apiId;
    }

    private static string Label(string routeKey) => Uri.EscapeDataString(routeKey.Replace("{", "(", StringComparison.Ordinal).Replace("}", ")", StringComparison.Ordinal));

    private static string MatchedRoute(EchoedRequest echo)
    {
        // "/matched/{label}" for routes; "$default" also appends the whole request path after its label.
        Assert.StartsWith("/matched/", echo.Path, StringComparison.Ordinal);
        var label = echo.Path["/matched/".Length..].Split('/')[0];
        return Uri.UnescapeDataString(label).Replace("(", "{", StringComparison.Ordinal).Replace(")", "}", StringComparison.Ordinal);
    }
}
