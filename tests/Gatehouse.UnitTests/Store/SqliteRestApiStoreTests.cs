using Gatehouse.Model.HttpApis;
using Gatehouse.Model.RestApis;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;

namespace Gatehouse.UnitTests.Store;

public sealed class SqliteRestApiStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-rest-store-" + Guid.NewGuid().ToString("N"));
    private SqliteConfigStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    internal static RestApiDocument NewRestApi(string id) => new()
    {
        RestApi = new RestApi { Id = id, Name = "pets", RootResourceId = "root", EndpointConfiguration = new EndpointConfiguration(), CreatedDate = DateTimeOffset.UnixEpoch },
        Resources =
        [
            new RestResource { Id = "root" },
            new RestResource
            {
                Id = "r1",
                ParentId = "root",
                PathPart = "pets",
                ResourceMethods = new Dictionary<string, RestMethod>
                {
                    ["GET"] = new()
                    {
                        HttpMethod = "GET",
                        AuthorizationType = "NONE",
                        MethodIntegration = new RestIntegration
                        {
                            Type = "MOCK",
                            RequestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
                            IntegrationResponses = new Dictionary<string, IntegrationResponse> { ["200"] = new() { StatusCode = "200", SelectionPattern = "" } },
                        },
                    },
                },
            },
        ],
    };

    [Fact]
    public async Task SaveRestApi_New_IsReadBackWhole()
    {
        var saved = await _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("restapi001")), CancellationToken.None);

        var read = await _store.GetRestApiAsync("restapi001", CancellationToken.None);
        Assert.Equal(1, saved.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        var integration = read.Resources[1].ResourceMethods!["GET"].MethodIntegration!;
        Assert.Equal("MOCK", integration.Type);
        Assert.Equal("{\"statusCode\": 200}", integration.RequestTemplates!["application/json"]);
        Assert.Equal("", integration.IntegrationResponses!["200"].SelectionPattern);
        Assert.Single(await _store.ListRestApisAsync(CancellationToken.None));
        Assert.Empty(await _store.ListApisAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveRestApi_StaleVersion_ThrowsConcurrentModification()
    {
        var saved = await _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("restapi001")), CancellationToken.None);
        await _store.SaveRestApiAsync(new RestApiWrite(saved), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveRestApiAsync(new RestApiWrite(saved), CancellationToken.None));
    }

    [Fact]
    public async Task SaveRestApi_IdOfAnHttpApi_IsRefusedAndViceVersa()
    {
        await _store.SaveApiAsync(new ApiWrite(new ApiDocument
        {
            Api = new Api { ApiId = "sharedid01", Name = "http", ProtocolType = "HTTP", RouteSelectionExpression = "x" },
        }), CancellationToken.None);
        await _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("sharedid02")), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() =>
            _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("sharedid01")), CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveApiAsync(new ApiWrite(new ApiDocument
        {
            Api = new Api { ApiId = "sharedid02", Name = "http", ProtocolType = "HTTP", RouteSelectionExpression = "x" },
        }), CancellationToken.None));
    }

    [Fact]
    public async Task SaveRestApi_WithSnapshots_StoresAndDropsThemInTheSameWrite()
    {
        var document = NewRestApi("restapi001");
        var saved = await _store.SaveRestApiAsync(new RestApiWrite(document) { AddedSnapshots = [document.Snapshot("d1")] }, CancellationToken.None);

        var snapshot = await _store.GetRestSnapshotAsync("restapi001", "d1", CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal("/pets", snapshot.Resources[1].Path);
        Assert.Equal(GatewayResponseTypes.All.Count, snapshot.GatewayResponses.Count);

        await _store.SaveRestApiAsync(new RestApiWrite(saved) { RemovedSnapshots = ["d1"] }, CancellationToken.None);
        Assert.Null(await _store.GetRestSnapshotAsync("restapi001", "d1", CancellationToken.None));
    }

    [Fact]
    public async Task SaveAndDeleteRestApi_PublishRestConfigChanges()
    {
        var changes = new List<ConfigChange>();
        using var subscription = _store.Changes.Subscribe((change, _) =>
        {
            changes.Add(change);
            return Task.CompletedTask;
        });

        await _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("restapi001")), CancellationToken.None);
        Assert.True(await _store.DeleteRestApiAsync("restapi001", CancellationToken.None));
        Assert.False(await _store.DeleteRestApiAsync("restapi001", CancellationToken.None));

        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.True(c.IsRestApi));
        Assert.All(changes, c => Assert.Null(c.Document));
        Assert.Equal("restapi001", changes[0].RestApi!.ApiId);
        Assert.Null(changes[1].RestApi);
    }

    [Fact]
    public async Task RestApi_SurvivesReopeningTheStore()
    {
        await _store.SaveRestApiAsync(new RestApiWrite(NewRestApi("restapi001")), CancellationToken.None);
        await _store.DisposeAsync();

        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);

        Assert.Equal("pets", (await _store.GetRestApiAsync("restapi001", CancellationToken.None))!.RestApi.Name);
    }
}
