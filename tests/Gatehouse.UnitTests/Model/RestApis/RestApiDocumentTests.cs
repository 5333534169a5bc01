using Gatehouse.Model.RestApis;
using Gatehouse.UnitTests.Store;

namespace Gatehouse.UnitTests.Model.RestApis;

public sealed class RestApiDocumentTests
{
    [Fact]
    public void PathOf_RootAndNested_AreFullPaths()
    {
        var document = SqliteRestApiStoreTests.NewRestApi("a") is var d
            ? d with { Resources = [.. d.Resources, new RestResource { Id = "r2", ParentId = "r1", PathPart = "{id}" }] }
            : null!;

        Assert.Equal("/", document.PathOf(document.Resources[0]));
        Assert.Equal("/pets", document.PathOf(document.Resources[1]));
        Assert.Equal("/pets/{id}", document.PathOf(document.Resources[2]));
    }

    [Fact]
    public void GatewayResponse_Uncustomised_IsAwsDefault()
    {
        var document = SqliteRestApiStoreTests.NewRestApi("a");

        var response = document.GatewayResponse("MISSING_AUTHENTICATION_TOKEN");

        Assert.True(response.DefaultResponse);
        Assert.Equal("403", response.StatusCode);
        Assert.Equal("{\"message\":$context.error.messageString}", response.ResponseTemplates!["application/json"]);
        Assert.Null(document.GatewayResponse("DEFAULT_4XX").StatusCode);
    }

    [Fact]
    public void Snapshot_FreezesTheTreeWithPathsAndEveryGatewayResponse()
    {
        var custom = new RestGatewayResponse { ResponseType = "THROTTLED", StatusCode = "503" };
        var document = SqliteRestApiStoreTests.NewRestApi("a") with { GatewayResponses = [custom] };

        var snapshot = document.Snapshot("d1");

        Assert.Equal("d1", snapshot.DeploymentId);
        Assert.Equal(["/", "/pets"], snapshot.Resources.Select(r => r.Path));
        Assert.Equal(21, snapshot.GatewayResponses.Count);
        Assert.Equal("503", snapshot.GatewayResponses.Single(r => r.ResponseType == "THROTTLED").StatusCode);
        Assert.Equal("MOCK", snapshot.Resources[1].ResourceMethods!["GET"].MethodIntegration!.Type);
    }

    [Theory]
    [InlineData("pets", false, false)]
    [InlineData("{id}", true, false)]
    [InlineData("{proxy+}", true, true)]
    public void Resource_VariableAndGreedy_FollowThePathPart(string pathPart, bool variable, bool greedy)
    {
        var resource = new RestResource { Id = "x", ParentId = "p", PathPart = pathPart };

        Assert.Equal(variable, resource.IsVariable);
        Assert.Equal(greedy, resource.IsGreedy);
    }
}
