using Gatehouse.Store.State;

namespace Gatehouse.UnitTests.Store.State;

public sealed class InMemoryStateStoreTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task GetCached_WithinTimeToLive_ReturnsValue()
    {
        var store = new InMemoryStateStore(_time);
        await store.SetCachedAsync("k", [1, 2], TimeSpan.FromSeconds(300));
        _time.Advance(TimeSpan.FromSeconds(299));

        Assert.Equal([1, 2], await store.GetCachedAsync("k"));
    }

    [Fact]
    public async Task GetCached_AfterTimeToLive_ReturnsNullAndForgets()
    {
        var store = new InMemoryStateStore(_time);
        await store.SetCachedAsync("k", [1], TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await store.GetCachedAsync("k"));
        Assert.Equal(0, store.CachedCount);
    }

    [Fact]
    public async Task SetCached_ZeroTimeToLive_CachesNothing()
    {
        var store = new InMemoryStateStore(_time);
        await store.SetCachedAsync("k", [1], TimeSpan.Zero);

        Assert.Null(await store.GetCachedAsync("k"));
    }

    [Fact]
    public async Task SetCached_Overwrite_KeepsLatestValue()
    {
        var store = new InMemoryStateStore(_time);
        await store.SetCachedAsync("k", [1], TimeSpan.FromSeconds(10));
        await store.SetCachedAsync("k", [2], TimeSpan.FromSeconds(10));

        Assert.Equal([2], await store.GetCachedAsync("k"));
    }

    [Fact]
    public async Task SetCached_WhenFull_StaysWithinCapacityAndDropsExpiredFirst()
    {
        var store = new InMemoryStateStore(_time, cacheCapacity: 100);
        for (var i = 0; i < 50; i++)
        {
            await store.SetCachedAsync("old" + i, [0], TimeSpan.FromSeconds(1));
        }

        for (var i = 0; i < 50; i++)
        {
            await store.SetCachedAsync("live" + i, [1], TimeSpan.FromSeconds(100));
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        await store.SetCachedAsync("new", [2], TimeSpan.FromSeconds(100));

        Assert.Equal(51, store.CachedCount);
        Assert.Equal([1], await store.GetCachedAsync("live7"));
        Assert.Equal([2], await store.GetCachedAsync("new"));

        for (var i = 0; i < 1000; i++)
        {
            await store.SetCachedAsync("flood" + i, [3], TimeSpan.FromSeconds(100));
        }

        Assert.InRange(store.CachedCount, 1, 100);
        Assert.Equal([3], await store.GetCachedAsync("flood999"));
    }
}
