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

    private static BucketClaim Claim(string key, double rate, double burst) => new(key, new TokenBucketLimits(rate, burst));

    [Fact]
    public async Task TryTakeToken_OneBucket_AdmitsTheBurstThenTheRate()
    {
        var store = new InMemoryStateStore(_time);
        var claim = Claim("route", 10, 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
        }

        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(claim));
        _time.Advance(TimeSpan.FromMilliseconds(150)); // 1.5 tokens

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(claim));
        _time.Advance(TimeSpan.FromMilliseconds(50)); // the half left plus half a token
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
    }

    [Fact]
    public async Task TryTakeToken_SecondBucketEmpty_TakesFromNeither()
    {
        var store = new InMemoryStateStore(_time);
        var route = Claim("route", 0, 2);
        var account = Claim("account", 0, 1);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(route, account));
        Assert.Equal(TokenTake.SecondEmpty, await store.TryTakeTokenAsync(route, account));

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(route)); // the route kept its token
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(route));
    }

    [Fact]
    public async Task TryTakeToken_FirstBucketEmpty_LeavesTheSecondUntouched()
    {
        var store = new InMemoryStateStore(_time);
        var empty = Claim("empty", 0, 0);
        var account = Claim("account", 0, 2);

        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(empty, account));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(empty, account));

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(account));
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(account));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(account));
    }

    [Fact]
    public async Task TryTakeToken_SameBucketTwice_NeedsTwoTokens()
    {
        var store = new InMemoryStateStore(_time);
        var claim = Claim("one", 0, 3);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim, claim));
        Assert.Equal(TokenTake.SecondEmpty, await store.TryTakeTokenAsync(claim, claim));
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(claim, claim));
    }

    [Fact]
    public async Task TryTakeToken_ConcurrentCallers_AdmitExactlyTheBurst()
    {
        var store = new InMemoryStateStore(_time);
        var claim = Claim("hot", 0, 1000);
        var account = Claim("account", 0, 100_000);
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (await store.TryTakeTokenAsync(claim, account) == TokenTake.Taken)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));

        Assert.Equal(1000, admitted);
    }

    [Fact]
    public async Task TryIncrement_UpToTheLimit_CountsThenRefuses()
    {
        var store = new InMemoryStateStore(_time);
        var end = _time.GetUtcNow().AddDays(1);

        Assert.Equal(new CounterIncrement(true, 1), await store.TryIncrementAsync("quota", 2, end));
        Assert.Equal(new CounterIncrement(true, 2), await store.TryIncrementAsync("quota", 2, end));
        Assert.Equal(new CounterIncrement(false, 2), await store.TryIncrementAsync("quota", 2, end));
        Assert.Equal(new CounterIncrement(true, 1), await store.TryIncrementAsync("other", 2, end));
    }

    [Fact]
    public async Task TryIncrement_ZeroLimit_CountsNothing()
    {
        var store = new InMemoryStateStore(_time);

        Assert.Equal(new CounterIncrement(false, 0), await store.TryIncrementAsync("none", 0, _time.GetUtcNow().AddDays(1)));
    }

    [Fact]
    public async Task TryIncrement_PeriodOver_StartsAgainFromZero()
    {
        var store = new InMemoryStateStore(_time);
        var end = _time.GetUtcNow().AddSeconds(10);
        await store.TryIncrementAsync("quota", 1, end);
        Assert.Equal(new CounterIncrement(false, 1), await store.TryIncrementAsync("quota", 1, end));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(new CounterIncrement(false, 1), await store.TryIncrementAsync("quota", 1, end));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(new CounterIncrement(true, 1), await store.TryIncrementAsync("quota", 1, end.AddSeconds(10)));
        Assert.Equal(new CounterIncrement(false, 1), await store.TryIncrementAsync("quota", 1, end.AddSeconds(10)));
    }

    [Fact]
    public async Task RemoveCached_Prefix_RemovesOnlyThoseKeys()
    {
        var store = new InMemoryStateStore(_time);
        var ttl = TimeSpan.FromMinutes(5);
        await store.SetCachedAsync("stage1/a", [1], ttl);
        await store.SetCachedAsync("stage1/b", [2], ttl);
        await store.SetCachedAsync("stage10/a", [3], ttl);
        await store.SetCachedAsync("stage2/a", [4], ttl);

        await store.RemoveCachedAsync("stage1/");

        Assert.Null(await store.GetCachedAsync("stage1/a"));
        Assert.Null(await store.GetCachedAsync("stage1/b"));
        Assert.Equal([3], await store.GetCachedAsync("stage10/a"));
        Assert.Equal([4], await store.GetCachedAsync("stage2/a"));
        Assert.Equal(2, store.CachedCount);
    }

    [Fact]
    public async Task Publish_ToSubscribers_ReachesEachUntilUnsubscribed()
    {
        var store = new InMemoryStateStore(_time);
        var first = new List<byte>();
        var second = new List<byte>();
        var subscription = await store.SubscribeAsync("chan", m => { first.Add(m.Span[0]); return ValueTask.CompletedTask; });
        await using var other = await store.SubscribeAsync("chan", m => { second.Add(m.Span[0]); return ValueTask.CompletedTask; });
        await store.PublishAsync("elsewhere", new byte[] { 9 });

        await store.PublishAsync("chan", new byte[] { 1 });
        await subscription.DisposeAsync();
        await subscription.DisposeAsync(); // twice is harmless
        await store.PublishAsync("chan", new byte[] { 2 });

        Assert.Equal([1], first);
        Assert.Equal([1, 2], second);
    }

    [Fact]
    public async Task Subscribe_SameHandlerTwice_DeliversTwiceAndUnsubscribesOneAtATime()
    {
        var store = new InMemoryStateStore(_time);
        var received = 0;
        ValueTask Handler(ReadOnlyMemory<byte> _)
        {
            received++;
            return ValueTask.CompletedTask;
        }

        var one = await store.SubscribeAsync("chan", Handler);
        await using var two = await store.SubscribeAsync("chan", Handler);
        await store.PublishAsync("chan", new byte[] { 1 });
        await one.DisposeAsync();
        await store.PublishAsync("chan", new byte[] { 2 });

        Assert.Equal(3, received);
    }

    [Fact]
    public void TryTakeToken_ManyBuckets_SweepsOnlyTheRefilledOnes()
    {
        var store = new InMemoryStateStore(_time, sweepThreshold: 10);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TokenTake.Taken, store.TryTakeToken(Claim($"refills-{i}", rate: 10, burst: 2)));
            Assert.Equal(TokenTake.Taken, store.TryTakeToken(Claim($"never-{i}", rate: 0, burst: 2)));
        }

        _time.Advance(TimeSpan.FromSeconds(1)); // the rate-10 buckets are full again; the rate-0 ones hold one token
        store.TryTakeToken(Claim("new", rate: 1, burst: 1));

        Assert.Equal(6, store.BucketCount);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TokenTake.Taken, store.TryTakeToken(Claim($"never-{i}", rate: 0, burst: 2)));
            Assert.Equal(TokenTake.FirstEmpty, store.TryTakeToken(Claim($"never-{i}", rate: 0, burst: 2))); // kept, not refilled
        }
    }

    [Fact]
    public void TryTakeToken_FullOfLiveBuckets_SweepsAtMostOncePerInterval()
    {
        var store = new InMemoryStateStore(_time, sweepThreshold: 4);
        for (var i = 0; i < 4; i++)
        {
            store.TryTakeToken(Claim($"live-{i}", rate: 0, burst: 5));
        }

        store.TryTakeToken(Claim("a", rate: 1000, burst: 1)); // sweeps: nothing to drop
        _time.Advance(TimeSpan.FromSeconds(1));               // "a" is full again, but the next sweep is not due
        store.TryTakeToken(Claim("b", rate: 1, burst: 1));
        Assert.Equal(6, store.BucketCount);

        _time.Advance(InMemoryStateStore.SweepInterval);
        store.TryTakeToken(Claim("c", rate: 1, burst: 1));
        Assert.Equal(5, store.BucketCount); // "a" and "b" (refilled) dropped, "c" added
    }
}
