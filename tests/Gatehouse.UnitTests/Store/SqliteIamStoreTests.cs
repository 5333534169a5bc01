using Gatehouse.Model.Iam;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;

namespace Gatehouse.UnitTests.Store;

public sealed class SqliteIamStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-iamstore-" + Guid.NewGuid().ToString("N"));
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

    private static IamUserDocument User(string name, params string[] keys) => new()
    {
        UserName = name,
        UserId = "AIDA" + name.ToUpperInvariant(),
        CreateDate = DateTimeOffset.UnixEpoch,
        AccessKeys = [.. keys.Select(k => new IamAccessKey(k, "sealed", true, DateTimeOffset.UnixEpoch))],
    };

    [Fact]
    public async Task SaveIamUser_New_ReadBackByAnyCaseAndByKey()
    {
        var saved = await _store.SaveIamUserAsync(User("Alice", "AKIA1"), CancellationToken.None);

        Assert.Equal(1, saved.Version);
        Assert.Equal("Alice", (await _store.GetIamUserAsync("ALICE", CancellationToken.None))!.UserName);
        Assert.Equal("Alice", (await _store.FindIamUserByAccessKeyAsync("AKIA1", CancellationToken.None))!.UserName);
        Assert.Null(await _store.FindIamUserByAccessKeyAsync("AKIA2", CancellationToken.None));
    }

    [Fact]
    public async Task SaveIamUser_StaleVersionOrTakenName_IsConcurrentModification()
    {
        var saved = await _store.SaveIamUserAsync(User("alice"), CancellationToken.None);
        await _store.SaveIamUserAsync(saved with { Path = "/x/" }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveIamUserAsync(saved with { Path = "/y/" }, CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveIamUserAsync(User("ALICE"), CancellationToken.None));
    }

    [Fact]
    public async Task SaveIamUser_KeyHeldByAnotherUser_IsRefusedWholly()
    {
        await _store.SaveIamUserAsync(User("alice", "AKIA1"), CancellationToken.None);
        var bob = await _store.SaveIamUserAsync(User("bob"), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentModificationException>(() => _store.SaveIamUserAsync(bob with { AccessKeys = User("x", "AKIA1").AccessKeys, Path = "/changed/" }, CancellationToken.None));

        Assert.Equal("/", (await _store.GetIamUserAsync("bob", CancellationToken.None))!.Path);
        Assert.Equal("alice", (await _store.FindIamUserByAccessKeyAsync("AKIA1", CancellationToken.None))!.UserName);
    }

    [Fact]
    public async Task DeleteIamUser_PublishesAndFreesItsKeys()
    {
        var changes = new List<IamUserChange>();
        using var subscription = _store.IamUserChanges.Subscribe((change, _) =>
        {
            changes.Add(change);
            return Task.CompletedTask;
        });
        var saved = await _store.SaveIamUserAsync(User("alice", "AKIA1"), CancellationToken.None);

        Assert.False(await _store.DeleteIamUserAsync("alice", saved.Version + 1, CancellationToken.None));
        Assert.True(await _store.DeleteIamUserAsync("ALICE", saved.Version, CancellationToken.None));

        Assert.Null(await _store.FindIamUserByAccessKeyAsync("AKIA1", CancellationToken.None));
        Assert.Equal(2, changes.Count);
        Assert.NotNull(changes[0].Document);
        Assert.Null(changes[1].Document);
        await _store.SaveIamUserAsync(User("carol", "AKIA1"), CancellationToken.None);
    }

    [Fact]
    public async Task ListIamUsers_OrderedByNameWithoutCase()
    {
        foreach (var name in new[] { "bob", "Alice", "carol" })
        {
            await _store.SaveIamUserAsync(User(name), CancellationToken.None);
        }

        Assert.Equal(["Alice", "bob", "carol"], (await _store.ListIamUsersAsync(CancellationToken.None)).Select(u => u.UserName));
    }
}
