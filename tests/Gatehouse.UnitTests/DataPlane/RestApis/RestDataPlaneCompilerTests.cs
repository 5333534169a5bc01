using Gatehouse.DataPlane.RestApis;
using Gatehouse.Model.RestApis;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>The REST compiler following the store's change feed: what is served after each change.</summary>
public sealed class RestDataPlaneCompilerTests : IAsyncLifetime
{
    private const string ApiId = "restdp0001";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-restdp-" + Guid.NewGuid().ToString("N"));
    private readonly RestApiRegistry _registry = new();
    private SqliteConfigStore _store = null!;
    private RestApiCompiler _compiler = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);
        _compiler = new RestApiCompiler(_store, _registry, NullLogger<RestApiCompiler>.Instance);
        await _compiler.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _compiler.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static RestApiDocument Document(string uri, params RestStage[] stages)
    {
        var resources = RestSnapshots.Snapshot([("/pets", ["GET"])], m => m with
        {
            MethodIntegration = m.MethodIntegration! with { Uri = uri },
        }).Resources.Select(r => r with { Path = null }).ToList();
        return new RestApiDocument
        {
            RestApi = new RestApi { Id = ApiId, Name = "pets", RootResourceId = "root", EndpointConfiguration = new EndpointConfiguration() },
            Resources = resources,
            Stages = stages,
        };
    }

    private async Task<RestApiDocument> SaveAsync(RestApiDocument document, string? deploymentId = null)
    {
        var write = new RestApiWrite(document) { AddedSnapshots = deploymentId is null ? [] : [document.Snapshot(deploymentId)] };
        return await _store.SaveRestApiAsync(write, CancellationToken.None);
    }

    [Fact]
    public async Task Save_DeployedStage_IsServedWithItsVariables()
    {
        await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev", DeploymentId = "d1", Variables = new Dictionary<string, string> { ["a"] = "b" } }), "d1");

        var stage = _registry.Find(ApiId)!.Stages["dev"];
        Assert.Equal("d1", stage.Deployment.DeploymentId);
        Assert.Equal("b", stage.StageVariables["a"]);
        Assert.Single(stage.Deployment.Methods);
    }

    [Fact]
    public async Task Save_StageWithoutDeployment_IsNotServed()
    {
        await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev" }));

        Assert.Empty(_registry.Find(ApiId)!.Stages);
    }

    [Fact]
    public async Task Save_StageRemoved_StopsServingIt()
    {
        var saved = await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev", DeploymentId = "d1" }), "d1");

        await SaveAsync(saved with { Stages = [] });

        Assert.Empty(_registry.Find(ApiId)!.Stages);
    }

    [Fact]
    public async Task Delete_Api_StopsServingIt()
    {
        await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev", DeploymentId = "d1" }), "d1");

        await _store.DeleteRestApiAsync(ApiId, CancellationToken.None);

        Assert.Null(_registry.Find(ApiId));
    }

    [Fact]
    public async Task Save_DeploymentThatDoesNotCompile_KeepsTheLastGoodVersion()
    {
        var saved = await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev", DeploymentId = "d1" }), "d1");
        var broken = Document("arn:aws:apigateway:us-east-1:s3:path/bucket", new RestStage { StageName = "dev", DeploymentId = "d2" }) with { Version = saved.Version };

        await SaveAsync(broken, "d2");

        Assert.Equal("d1", _registry.Find(ApiId)!.Stages["dev"].Deployment.DeploymentId);
    }

    [Fact]
    public async Task Save_TwoStagesOnOneDeployment_ShareTheCompiledDeployment()
    {
        await SaveAsync(Document(RestSnapshots.Lambda,
            new RestStage { StageName = "a", DeploymentId = "d1" }, new RestStage { StageName = "b", DeploymentId = "d1" }), "d1");

        var api = _registry.Find(ApiId)!;
        Assert.Same(api.Stages["a"].Deployment, api.Stages["b"].Deployment);
    }

    [Fact]
    public async Task Save_MethodSettings_ThrottleByMethodElseStageWide()
    {
        var settings = new Dictionary<string, MethodSetting>
        {
            ["*/*"] = new() { ThrottlingRateLimit = 10, ThrottlingBurstLimit = 20 },
            ["pets/GET"] = new() { ThrottlingRateLimit = 1, ThrottlingBurstLimit = 2 },
        };
        await SaveAsync(Document(RestSnapshots.Lambda,
            new RestStage { StageName = "own", DeploymentId = "d1", MethodSettings = settings },
            new RestStage { StageName = "wide", DeploymentId = "d1", MethodSettings = new Dictionary<string, MethodSetting> { ["*/*"] = settings["*/*"] } },
            new RestStage { StageName = "none", DeploymentId = "d1" }), "d1");

        var api = _registry.Find(ApiId)!;
        var method = api.Stages["own"].Deployment.Methods[0];
        var own = api.Stages["own"].ThrottleFor(method)!.Value;
        Assert.Equal(($"throttle:{ApiId}:own:pets/GET", 1d, 2d), (own.Key, own.Limits.RatePerSecond, own.Limits.Burst));
        var wide = api.Stages["wide"].ThrottleFor(method)!.Value;
        Assert.Equal((10d, 20d), (wide.Limits.RatePerSecond, wide.Limits.Burst));
        Assert.Null(api.Stages["none"].ThrottleFor(method));
    }

    [Fact]
    public async Task OnChange_HttpApiChange_IsIgnored()
    {
        await SaveAsync(Document(RestSnapshots.Lambda, new RestStage { StageName = "dev", DeploymentId = "d1" }), "d1");

        await _compiler.OnChangeAsync(new ConfigChange(ApiId, null), CancellationToken.None);

        Assert.NotNull(_registry.Find(ApiId)); // an HTTP API's deletion is not this REST API's
    }
}
