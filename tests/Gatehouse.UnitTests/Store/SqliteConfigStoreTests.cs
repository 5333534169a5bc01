using Gatehouse.Model.HttpApis;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.UnitTests.Store;

public sealed class SqliteConfigStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-store-" + Guid.NewGuid().ToString("N"));
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

    private static ApiDocument NewApi(string id, string name = "demo") => new()
    {
        Api = new Api { ApiId = id, Name = name, ProtocolType = "HTTP", RouteSelectionExpression = "$request.method $request.path", CreatedDate = DateTimeOffset.UnixEpoch },
        Routes = [new Route { RouteId = "r1", RouteKey = "GET /pets/{id}", Target = "integrations/i1" }],
        Integrations = [new Integration { IntegrationId = "i1", IntegrationType = "HTTP_PROXY", IntegrationUri = "http://b/{id}", TimeoutInMillis = 30000 }],
    };

    [Fact]
    public async Task SaveApi_New_IsReadBackWithVersionOne()
    {
        var saved = await _store.SaveApiAsync(new ApiWrite(NewApi("a1")), CancellationToken.None);

        var read = await _store.GetApiAsync("a1", CancellationToken.None);
        Assert.Equal(1, saved.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal("GET /pets/{id}", Assert.Single(read.Routes).RouteKey);
        Assert.Equal("http://b/{id}", Assert.Single(read.Integrations).IntegrationUri);
    }

    [Fact]
    public async Task SaveApi_StaleVersion_ThrowsConcurrentModification()
    {
        var first = await _store.SaveApiAsync(new ApiWrite(NewApi("a1")), CancellationToken.None);
        await _store.SaveApiAsync(new ApiWrite(first with { Api = first.Api with { Name = "second" } }), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() =>
            _store.SaveApiAsync(new ApiWrite(first with { Api = first.Api with { Name = "stale" } }), CancellationToken.None));
        Assert.Equal("second", (await _store.GetApiAsync("a1", CancellationToken.None))!.Api.Name);
    }

    [Fact]
    public async Task SaveApi_SameNewIdTwice_ThrowsConcurrentModification()
    {
        await _store.SaveApiAsync(new ApiWrite(NewApi("a1")), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveApiAsync(new ApiWrite(NewApi("a1")), CancellationToken.None));
    }

    [Fact]
    public async Task SaveApi_WithSnapshots_StoresAndRemovesThemInTheSameWrite()
    {
        var document = NewApi("a1");
        var saved = await _store.SaveApiAsync(new ApiWrite(document) { AddedSnapshots = [document.Snapshot("d1")] }, CancellationToken.None);

        var snapshot = await _store.GetSnapshotAsync("a1", "d1", CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.Equal("GET /pets/{id}", Assert.Single(snapshot.Routes).RouteKey);

        await _store.SaveApiAsync(new ApiWrite(saved) { RemovedSnapshots = ["d1"] }, CancellationToken.None);
        Assert.Null(await _store.GetSnapshotAsync("a1", "d1", CancellationToken.None));
    }

    [Fact]
    public async Task Reopen_KeepsEverythingCommitted()
    {
        await _store.SaveApiAsync(new ApiWrite(NewApi("a1")) { AddedSnapshots = [NewApi("a1").Snapshot("d1")] }, CancellationToken.None);
        await _store.SaveApiAsync(new ApiWrite(NewApi("a2", "other")), CancellationToken.None);
        await _store.DisposeAsync();

        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);

        var apis = await _store.ListApisAsync(CancellationToken.None);
        Assert.Equal(["a1", "a2"], apis.Select(a => a.Api.ApiId));
        Assert.NotNull(await _store.GetSnapshotAsync("a1", "d1", CancellationToken.None));
    }

    [Fact]
    public async Task Initialize_Twice_DoesNotReapplyMigrations()
    {
        await _store.InitializeAsync(CancellationToken.None);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "gatehouse.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version; ";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        // One row per migration (3: apis, functions, IAM users), none applied twice.
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.True(reader.GetInt64(1) >= 3);
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        await reader.CloseAsync();
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Changes_SubscribersHearEveryCommittedWrite_InOrder()
    {
        var heard = new List<(string ApiId, bool Deleted)>();
        using var subscription = _store.Changes.Subscribe((change, _) =>
        {
            heard.Add((change.ApiId, change.Document is null));
            return Task.CompletedTask;
        });

        await _store.SaveApiAsync(new ApiWrite(NewApi("a1")), CancellationToken.None);
        await _store.DeleteApiAsync("a1", CancellationToken.None);
        await _store.DeleteApiAsync("missing", CancellationToken.None);

        Assert.Equal([("a1", false), ("a1", true)], heard);
    }

    [Fact]
    public async Task DeleteApi_RemovesItsSnapshots()
    {
        await _store.SaveApiAsync(new ApiWrite(NewApi("a1")) { AddedSnapshots = [NewApi("a1").Snapshot("d1")] }, CancellationToken.None);

        Assert.True(await _store.DeleteApiAsync("a1", CancellationToken.None));

        Assert.Null(await _store.GetApiAsync("a1", CancellationToken.None));
        Assert.Null(await _store.GetSnapshotAsync("a1", "d1", CancellationToken.None));
        Assert.False(await _store.DeleteApiAsync("a1", CancellationToken.None));
    }
}
