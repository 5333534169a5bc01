using Gatehouse.Model.Functions;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gatehouse.UnitTests.Store;

/// <summary>Functions in the SQLite store: one document per function, optimistic versions, a change feed of their own.</summary>
public sealed class SqliteFunctionStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-fstore-" + Guid.NewGuid().ToString("N"));
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

    internal static FunctionDocument NewFunction(string name, string handler = "index.handler") => new()
    {
        FunctionName = name,
        Latest = new FunctionVersion
        {
            Version = FunctionVersion.LatestName,
            Runtime = "nodejs20.x",
            Handler = handler,
            Role = "arn:aws:iam::000000000000:role/r",
            Code = new FunctionCode { Id = new string('a', 64), Sha256 = "qqo=", Size = 10 },
            LastModified = new DateTimeOffset(2026, 11, 25, 15, 47, 28, 123, TimeSpan.Zero),
            RevisionId = "r1",
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        },
        Aliases = [new FunctionAlias { Name = "live", FunctionVersion = "$LATEST", RevisionId = "a1" }],
        Policy = [new PolicyStatement("sid", "{}") { Qualifier = "live" }],
        Tags = new Dictionary<string, string> { ["team"] = "pets" },
    };

    [Fact]
    public async Task SaveFunction_New_IsReadBackWithVersionOneAndEveryField()
    {
        var saved = await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);

        var read = await _store.GetFunctionAsync("f1", CancellationToken.None);
        Assert.Equal(1, saved.Version);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal("index.handler", read.Latest.Handler);
        Assert.Equal("hi", read.Latest.Environment["GREETING"]);
        Assert.Equal("live", Assert.Single(read.Policy).Qualifier);
        Assert.Equal("pets", read.Tags["team"]);
        // LastModified keeps its milliseconds (Lambda reports them).
        Assert.Equal(NewFunction("f1").Latest.LastModified, read.Latest.LastModified);
    }

    [Fact]
    public async Task SaveFunction_StaleVersion_ThrowsConcurrentModification()
    {
        var first = await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);
        await _store.SaveFunctionAsync(first with { Latest = first.Latest with { Handler = "second" } }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() =>
            _store.SaveFunctionAsync(first with { Latest = first.Latest with { Handler = "stale" } }, CancellationToken.None));
        Assert.Equal("second", (await _store.GetFunctionAsync("f1", CancellationToken.None))!.Latest.Handler);
    }

    [Fact]
    public async Task SaveFunction_CreateOfAnExistingName_ThrowsConcurrentModification()
    {
        await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveFunctionAsync(NewFunction("f1", "other"), CancellationToken.None));
        Assert.Equal("index.handler", (await _store.GetFunctionAsync("f1", CancellationToken.None))!.Latest.Handler);
    }

    [Fact]
    public async Task Names_AreCaseSensitive_AsLambdasAre()
    {
        await _store.SaveFunctionAsync(NewFunction("Fn"), CancellationToken.None);
        await _store.SaveFunctionAsync(NewFunction("fn"), CancellationToken.None);

        Assert.Null(await _store.GetFunctionAsync("FN", CancellationToken.None));
        Assert.Equal(["Fn", "fn"], (await _store.ListFunctionsAsync(CancellationToken.None)).Select(f => f.FunctionName));
    }

    [Fact]
    public async Task ListFunctions_OrdersByName()
    {
        await _store.SaveFunctionAsync(NewFunction("b"), CancellationToken.None);
        await _store.SaveFunctionAsync(NewFunction("a"), CancellationToken.None);
        await _store.SaveFunctionAsync(NewFunction("c"), CancellationToken.None);

        Assert.Equal(["a", "b", "c"], (await _store.ListFunctionsAsync(CancellationToken.None)).Select(f => f.FunctionName));
    }

    [Fact]
    public async Task DeleteFunction_RemovesItOnce()
    {
        await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);

        Assert.True(await _store.DeleteFunctionAsync("f1", CancellationToken.None));

        Assert.Null(await _store.GetFunctionAsync("f1", CancellationToken.None));
        Assert.False(await _store.DeleteFunctionAsync("f1", CancellationToken.None));
    }

    [Fact]
    public async Task FunctionChanges_SubscribersHearEveryCommittedWriteInOrder_AndApiSubscribersHearNothing()
    {
        var heard = new List<(string Name, string? Handler)>();
        var apiChanges = 0;
        using var functions = _store.FunctionChanges.Subscribe((change, _) =>
        {
            heard.Add((change.FunctionName, change.Document?.Latest.Handler));
            return Task.CompletedTask;
        });
        using var apis = _store.Changes.Subscribe((_, _) =>
        {
            apiChanges++;
            return Task.CompletedTask;
        });

        var saved = await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);
        await _store.SaveFunctionAsync(saved with { Latest = saved.Latest with { Handler = "h2" } }, CancellationToken.None);
        await _store.DeleteFunctionAsync("f1", CancellationToken.None);
        await _store.DeleteFunctionAsync("missing", CancellationToken.None);

        Assert.Equal([("f1", "index.handler"), ("f1", "h2"), ("f1", null)], heard);
        Assert.Equal(0, apiChanges);
    }

    [Fact]
    public async Task FunctionChanges_ArePublishedAfterCommit_SoASubscriberReadsTheNewDocument()
    {
        FunctionDocument? seen = null;
        using var subscription = _store.FunctionChanges.Subscribe(async (change, cancellationToken) =>
            seen = await _store.GetFunctionAsync(change.FunctionName, cancellationToken));

        var saved = await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);

        Assert.NotNull(seen);
        Assert.Equal(saved.Version, seen.Version);
    }

    [Fact]
    public async Task Reopen_KeepsFunctions()
    {
        await _store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);
        await _store.DisposeAsync();

        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);

        var function = Assert.Single(await _store.ListFunctionsAsync(CancellationToken.None));
        Assert.Equal("f1", function.FunctionName);
        Assert.Equal(1, function.Version);
    }

    [Fact]
    public async Task Initialize_OnADatabaseOfTheFirstSchema_AddsTheFunctionsTable()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-fstore-v1-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "gatehouse.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1); " +
                    "CREATE TABLE apis (api_id TEXT PRIMARY KEY, version INTEGER NOT NULL, document TEXT NOT NULL); " +
                    "CREATE TABLE deployment_snapshots (api_id TEXT NOT NULL, deployment_id TEXT NOT NULL, snapshot TEXT NOT NULL, PRIMARY KEY (api_id, deployment_id));";
                await command.ExecuteNonQueryAsync();
            }

            await using var store = SqliteConfigStore.InDirectory(directory);
            await store.InitializeAsync(CancellationToken.None);
            await store.SaveFunctionAsync(NewFunction("f1"), CancellationToken.None);

            Assert.NotNull(await store.GetFunctionAsync("f1", CancellationToken.None));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
