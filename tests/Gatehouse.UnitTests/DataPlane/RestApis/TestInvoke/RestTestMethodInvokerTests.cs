using Gatehouse.DataPlane.RestApis.TestInvoke;
using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.DataPlane.RestApis.TestInvoke;

public sealed class RestTestMethodInvokerTests
{
    private static RestMethod Method(string verb) => new()
    {
        HttpMethod = verb,
        AuthorizationType = "NONE",
        MethodIntegration = new RestIntegration { Type = "HTTP", HttpMethod = "GET", Uri = "http://backend/x" },
    };

    /// <summary>An AWS_PROXY method whose URI names no function: compiling it fails.</summary>
    private static RestMethod Broken() => new()
    {
        HttpMethod = "GET",
        AuthorizationType = "NONE",
        MethodIntegration = new RestIntegration { Type = "AWS_PROXY", HttpMethod = "POST", Uri = "arn:aws:apigateway:us-east-1:lambda:path/nothing" },
    };

    private static RestApiDocument Document() => new()
    {
        RestApi = new RestApi { Id = "api1", Name = "pets", EndpointConfiguration = new(), RootResourceId = "root" },
        Resources =
        [
            new RestResource { Id = "root", ResourceMethods = new Dictionary<string, RestMethod> { ["GET"] = Broken() } },
            new RestResource { Id = "pets", ParentId = "root", PathPart = "pets", ResourceMethods = new Dictionary<string, RestMethod> { ["GET"] = Method("GET") } },
            new RestResource
            {
                Id = "pet",
                ParentId = "pets",
                PathPart = "{petId}",
                ResourceMethods = new Dictionary<string, RestMethod> { ["GET"] = Method("GET"), ["DELETE"] = Method("DELETE") },
            },
            new RestResource { Id = "toys", ParentId = "root", PathPart = "toys", ResourceMethods = new Dictionary<string, RestMethod> { ["GET"] = Method("GET") } },
        ],
    };

    [Fact]
    public void Snapshot_Method_KeepsItAloneWithItsResourcesAncestors()
    {
        var snapshot = RestTestMethodInvoker.Snapshot(Document(), "pet", "DELETE");

        Assert.Equal("test-invoke-deployment-id", snapshot.DeploymentId);
        Assert.Equal(["pet", "pets", "root"], snapshot.Resources.Select(r => r.Id));
        Assert.Equal(["DELETE"], snapshot.Resources[0].ResourceMethods!.Keys);
        Assert.Equal("/pets/{petId}", snapshot.Resources[0].Path);
        Assert.All(snapshot.Resources.Skip(1), r => Assert.Null(r.ResourceMethods));
    }

    [Fact]
    public void Snapshot_AnotherMethodsBadConfiguration_DoesNotFailTheCompile()
    {
        Assert.Throws<InvalidOperationException>(() => Gatehouse.DataPlane.RestApis.RestApiCompiler.Compile("api1", Document().Snapshot("d")));

        var deployment = Gatehouse.DataPlane.RestApis.RestApiCompiler.Compile("api1", RestTestMethodInvoker.Snapshot(Document(), "pet", "GET"));

        var method = Assert.Single(deployment.Methods);
        Assert.Equal(("pet", "GET", "/pets/{petId}"), (method.ResourceId, method.HttpMethod, method.ResourcePath));
        Assert.NotNull(deployment.Resources.Match(["pets", "7"], ["pets", "7"], out var parameters));
        Assert.Equal([new("petId", "7")], parameters);
    }
}
