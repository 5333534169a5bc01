using System.Diagnostics;
using System.Globalization;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;

namespace Gatehouse.IntegrationTests.State;

/// <summary>
/// The Redis state store against a real redis-server: the token bucket arithmetic of API Gateway's throttling
/// (rate and burst, api-gateway-request-throttling), shared by two nodes; counters, cache and pub/sub.
/// </summary>
public sealed class RedisStateStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>The operation timeout of a store in production.</summary>
    internal static readonly TimeSpan ProductionTimeout = new RedisStateStoreOptions { Host = "localhost" }.OperationTimeout;

    /// <summary>
    /// A store on <paramref name="redis"/>. Tests give it a patient operation timeout (3 s), so that a busy test machine
    /// does not send their calls to the fallback, except tests of the timeout itself, which say which one they test.
    /// </summary>
    internal static async Task<RedisStateStore> ConnectAsync(RedisServer redis, CapturingLogger<RedisStateStore>? logger = null, TimeSpan? operationTimeout = null)
    {
        var options = RedisStateStoreOptions.Parse(redis.Address) with { OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(3) };
        var store = await RedisStateStore.ConnectAsync(options, TimeProvider.System, logger ?? new CapturingLogger<RedisStateStore>());
        if (redis.IsRunning)
        {
            // On a busy machine the first connection may outlast the connect timeout; the store then starts on local
            // state and moves to Redis within a second or so. Tests start from a store that is on Redis.
            await WaitUntilAsync(() => !store.IsUsingFallback, TimeSpan.FromSeconds(15), "the store's first connection to Redis");
        }

        return store;
    }

    internal static BucketClaim Claim(string key, double rate, double burst) => new(key, new TokenBucketLimits(rate, burst));

    private static async Task<int> AdmittedAsync(IStateStore store, BucketClaim claim, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            if (await store.TryTakeTokenAsync(claim) == TokenTake.Taken)
            {
                admitted++;
            }
        }

        return admitted;
    }

    [Fact]
    public async Task TryTakeToken_NewBucket_AdmitsTheBurstAtOnceThenNothing()
    {
        await using var store = await ConnectAsync(_redis);

        Assert.Equal(20, await AdmittedAsync(store, Claim("burst", 0.01, 20), 30));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(Claim("burst", 0.01, 20)));
        Assert.False(store.IsUsingFallback);
    }

    [Fact]
    public async Task TryTakeToken_AfterTheBurst_AdmitsTheRate()
    {
        await using var store = await ConnectAsync(_redis);
        var claim = Claim("rate", 20, 5);
        var log = new AdmissionLog();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await log.TakeAsync(store, claim);
            await Task.Delay(2);
        }

        var (min, max) = log.Allowed(claim.Limits);
        Assert.True(log.Admitted >= min && log.Admitted <= max, log.Describe(claim.Limits));
        Assert.True(log.Admitted > 5, log.Describe(claim.Limits)); // the rate, not only the burst
    }

    [Fact]
    public async Task TryTakeToken_FractionalRate_KeepsTheFractionsBetweenCalls()
    {
        await using var store = await ConnectAsync(_redis);

        // A token every 0.8 s. At about 0.5 s the bucket holds 0.625 of a token: refused, and the fraction is kept. At
        // about 1.05 s it holds 1.31 (a store that dropped the fraction at the last call would hold 0.69). A stall of
        // the machine can blur those moments; then the timings say so and the scenario runs again on a new bucket.
        for (var attempt = 1; ; attempt++)
        {
            var claim = Claim("fraction/" + attempt, 1.25, 1);
            var log = new AdmissionLog();
            Assert.True(await log.TakeAsync(store, claim));
            var clock = Stopwatch.StartNew();
            await Task.Delay(500);
            var refusedAt = clock.Elapsed;
            var refused = await store.TryTakeTokenAsync(claim);
            var refusedBy = clock.Elapsed;
            var untilTaken = TimeSpan.FromSeconds(1.05) - clock.Elapsed;
            if (untilTaken > TimeSpan.Zero)
            {
                await Task.Delay(untilTaken); // a stall past 1.05 s makes the attempt inconclusive, below
            }

            var takenAt = clock.Elapsed;
            var taken = await store.TryTakeTokenAsync(claim);
            var takenBy = clock.Elapsed;
            var afterwards = await store.TryTakeTokenAsync(claim);

            var conclusive = refusedBy < TimeSpan.FromSeconds(0.75) && takenAt > TimeSpan.FromSeconds(0.85) && takenBy - refusedAt < TimeSpan.FromSeconds(0.75);
            if (conclusive || attempt == 3)
            {
                Assert.True(conclusive, "the machine stalled on every attempt");
                Assert.Equal(TokenTake.FirstEmpty, refused);
                Assert.Equal(TokenTake.Taken, taken);
                Assert.Equal(TokenTake.FirstEmpty, afterwards);
                return;
            }
        }
    }

    [Fact]
    public async Task TryTakeToken_TwoBuckets_TakesFromBothOrNeither()
    {
        await using var store = await ConnectAsync(_redis);
        var route = Claim("two/route", 0.001, 2);
        var account = Claim("two/account", 0.001, 1);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(route, account));
        Assert.Equal(TokenTake.SecondEmpty, await store.TryTakeTokenAsync(route, account));

        // The route kept the token that the empty account refused.
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(route));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(route, Claim("two/other", 0.001, 5)));

        // The other bucket gave nothing when the first was empty: it still holds its whole burst.
        Assert.Equal(5, await AdmittedAsync(store, Claim("two/other", 0.001, 5), 10));
    }

    [Fact]
    public async Task TryTakeToken_SameBucketTwice_NeedsTwoTokens()
    {
        await using var store = await ConnectAsync(_redis);
        var claim = Claim("twice", 0.001, 3);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim, claim));
        Assert.Equal(TokenTake.SecondEmpty, await store.TryTakeTokenAsync(claim, claim));
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
        Assert.Equal(TokenTake.FirstEmpty, await store.TryTakeTokenAsync(claim, claim));
    }

    [Fact]
    public async Task TryTakeToken_ZeroBurst_AdmitsNothing()
    {
        await using var store = await ConnectAsync(_redis);

        Assert.Equal(0, await AdmittedAsync(store, Claim("zero", 1000, 0), 10));
        Assert.Equal(TokenTake.SecondEmpty, await store.TryTakeTokenAsync(Claim("zero/first", 1000, 10), Claim("zero", 1000, 0)));
        Assert.Equal(10, await AdmittedAsync(store, Claim("zero/first", 0.001, 10), 20));
    }

    [Fact]
    public async Task TryTakeToken_Bucket_LivesUnderThePrefixUntilItWouldBeFull()
    {
        await using var store = await ConnectAsync(_redis);
        await store.TryTakeTokenAsync(Claim("ttl/fast", 10, 50));  // full again after 5 s
        await store.TryTakeTokenAsync(Claim("ttl/never", 0, 3));   // never refills

        var fast = long.Parse((await _redis.CommandAsync("PTTL", "gatehouse:bucket:ttl/fast"))[1..], CultureInfo.InvariantCulture);
        var never = long.Parse((await _redis.CommandAsync("PTTL", "gatehouse:bucket:ttl/never"))[1..], CultureInfo.InvariantCulture);

        Assert.InRange(fast, 5_000, 6_000);
        Assert.InRange(never, 86_000_000, 86_400_000);
    }

    [Fact]
    public async Task TryTakeToken_ScriptCacheFlushed_LoadsTheScriptAgain()
    {
        await using var store = await ConnectAsync(_redis);
        var claim = Claim("flushed", 0.001, 3);
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));

        Assert.Equal("+OK", await _redis.CommandAsync("SCRIPT", "FLUSH"));

        Assert.Equal(2, await AdmittedAsync(store, claim, 5));
        Assert.False(store.IsUsingFallback);

        // One script per take, sent by its hash once Redis knows it: at most one EVAL for each load of the script.
        var stats = await _redis.InfoAsync("commandstats");
        Assert.Matches(@"cmdstat_evalsha:calls=[4-6],", stats);
        Assert.Matches(@"cmdstat_eval:calls=[1-2],", stats);
    }

    [Fact]
    public async Task TryTakeToken_TwoNodesOneBucket_AdmitTheBucketsPromiseBetweenThem()
    {
        await using var nodeA = await ConnectAsync(_redis);
        await using var nodeB = await ConnectAsync(_redis);
        var claim = Claim("shared", 40, 10);
        var log = new AdmissionLog();

        // Each node sends from two loops at once, well above the rate, for two seconds.
        var clock = Stopwatch.StartNew();
        async Task<int> Hammer(IStateStore node)
        {
            var admitted = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                admitted += await log.TakeAsync(node, claim) ? 1 : 0;
                await Task.Delay(1);
            }

            return admitted;
        }

        var counts = await Task.WhenAll(Hammer(nodeA), Hammer(nodeA), Hammer(nodeB), Hammer(nodeB));

        // One bucket per node would admit twice the promise; one shared bucket admits burst + rate x time.
        var (min, max) = log.Allowed(claim.Limits, tolerance: 2);
        Assert.True(log.Admitted >= min && log.Admitted <= max, log.Describe(claim.Limits));
        Assert.True(log.Admitted >= 10 + 40, log.Describe(claim.Limits));
        Assert.True(counts[0] + counts[1] > 0 && counts[2] + counts[3] > 0, $"both nodes admit some: {string.Join(", ", counts)}");
        Assert.False(nodeA.IsUsingFallback || nodeB.IsUsingFallback);
    }

    [Fact]
    public async Task TryIncrement_UpToTheLimit_CountsThenRefuses()
    {
        await using var nodeA = await ConnectAsync(_redis);
        await using var nodeB = await ConnectAsync(_redis);
        var end = DateTimeOffset.UtcNow.AddMinutes(1);

        Assert.Equal(new CounterIncrement(true, 1), await nodeA.TryIncrementAsync("quota", 3, end));
        Assert.Equal(new CounterIncrement(true, 2), await nodeB.TryIncrementAsync("quota", 3, end));
        Assert.Equal(new CounterIncrement(true, 3), await nodeA.TryIncrementAsync("quota", 3, end));
        Assert.Equal(new CounterIncrement(false, 3), await nodeB.TryIncrementAsync("quota", 3, end));
        Assert.Equal(new CounterIncrement(false, 3), await nodeA.TryIncrementAsync("quota", 3, end));
        Assert.Equal(new CounterIncrement(false, 0), await nodeA.TryIncrementAsync("nothing allowed", 0, end));
    }

    [Fact]
    public async Task TryIncrement_PeriodOver_StartsAgainFromZero()
    {
        await using var store = await ConnectAsync(_redis);
        var end = DateTimeOffset.UtcNow.AddMilliseconds(1500);
        await store.TryIncrementAsync("period", 2, end);
        await store.TryIncrementAsync("period", 2, end);
        Assert.Equal(new CounterIncrement(false, 2), await store.TryIncrementAsync("period", 2, end));
        var ttl = long.Parse((await _redis.CommandAsync("PTTL", "gatehouse:counter:period"))[1..], CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, 1500);

        await Task.Delay(end - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        Assert.Equal(new CounterIncrement(true, 1), await store.TryIncrementAsync("period", 2, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task Cache_SetOnOneNode_GetOnAnotherUntilItExpires()
    {
        await using var nodeA = await ConnectAsync(_redis);
        await using var nodeB = await ConnectAsync(_redis);

        await nodeA.SetCachedAsync("auth/1", [1, 2, 3], TimeSpan.FromMilliseconds(1500));
        await nodeA.SetCachedAsync("none", [9], TimeSpan.Zero);

        Assert.Equal([1, 2, 3], await nodeB.GetCachedAsync("auth/1"));
        Assert.Null(await nodeB.GetCachedAsync("none"));
        Assert.Null(await nodeB.GetCachedAsync("missing"));
        var ttl = long.Parse((await _redis.CommandAsync("PTTL", "gatehouse:cache:auth/1"))[1..], CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, 1500);
        await Task.Delay(1700);
        Assert.Null(await nodeB.GetCachedAsync("auth/1"));
    }

    [Fact]
    public async Task RemoveCached_Prefix_RemovesOnlyThoseKeysOnEveryNode()
    {
        await using var nodeA = await ConnectAsync(_redis);
        await using var nodeB = await ConnectAsync(_redis);
        var ttl = TimeSpan.FromMinutes(1);
        for (var i = 0; i < 1_200; i++)
        {
            await nodeA.SetCachedAsync("stage1/" + i, [1], ttl);
        }

        await nodeA.SetCachedAsync("stage2/a", [2], ttl);
        await nodeA.SetCachedAsync("st*ge/a", [3], ttl);
        await nodeA.SetCachedAsync("stXge/a", [4], ttl);

        await nodeB.RemoveCachedAsync("stage1/");
        await nodeB.RemoveCachedAsync("st*ge/"); // a literal '*', not a pattern

        Assert.Null(await nodeA.GetCachedAsync("stage1/0"));
        Assert.Null(await nodeA.GetCachedAsync("stage1/1199"));
        Assert.Null(await nodeA.GetCachedAsync("st*ge/a"));
        Assert.Equal([2], await nodeA.GetCachedAsync("stage2/a"));
        Assert.Equal([4], await nodeA.GetCachedAsync("stXge/a"));
        Assert.Equal(":0", await _redis.CommandAsync("EXISTS", "gatehouse:cache:stage1/7"));
        Assert.Equal(":1", await _redis.CommandAsync("EXISTS", "gatehouse:cache:stage2/a"));
    }

    [Fact]
    public async Task Publish_OnOneNode_ReachesSubscribersOnEveryNodeInOrder()
    {
        // A patient operation timeout: on a loaded machine a publish that timed out would be delivered on its own node
        // only (the fallback), and this test is about delivery through Redis.
        await using var nodeA = await ConnectAsync(_redis, operationTimeout: TimeSpan.FromSeconds(10));
        await using var nodeB = await ConnectAsync(_redis, operationTimeout: TimeSpan.FromSeconds(10));
        var onB = new List<byte[]>();
        var onA = new List<byte[]>();
        var probesOnB = 0;
        var allOnB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriptionB = await nodeB.SubscribeAsync("ws/conn-1", async message =>
        {
            await Task.Yield(); // a handler that really awaits must still see the messages in order
            lock (onB)
            {
                if (message.Span[1] != 0xFF)
                {
                    probesOnB++;
                    return;
                }

                onB.Add(message.ToArray());
                if (onB.Count == 100)
                {
                    allOnB.TrySetResult();
                }
            }
        });
        await using var subscriptionA = await nodeA.SubscribeAsync("ws/conn-1", message =>
        {
            lock (onA)
            {
                if (message.Span[1] == 0xFF)
                {
                    onA.Add(message.ToArray());
                }
            }

            return ValueTask.CompletedTask;
        });

        // Given B's subscription is live in Redis (a probe from A reached it: subscribing may finish in Redis after the
        // call returns when the machine is loaded), when A publishes 100 messages, then both nodes get them in order.
        await WaitUntilAsync(async () =>
        {
            await nodeA.PublishAsync("ws/conn-1", new byte[] { 0, 0 });
            await Task.Delay(20);
            lock (onB)
            {
                return probesOnB > 0;
            }
        }, TimeSpan.FromSeconds(30), "a probe through Redis to node B");
        for (var i = 0; i < 100; i++)
        {
            await nodeA.PublishAsync("ws/conn-1", new byte[] { (byte)i, 0xFF });
        }

        await allOnB.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a bound, not a speed claim: a loaded machine delays delivery
        Assert.Equal(Enumerable.Range(0, 100).Select(i => new byte[] { (byte)i, 0xFF }), onB);
        await WaitUntilAsync(() => { lock (onA) { return onA.Count == 100; } }, TimeSpan.FromSeconds(30));
        Assert.False(nodeA.IsUsingFallback || nodeB.IsUsingFallback);
    }

    [Fact]
    public async Task Subscribe_Disposed_ReceivesNothingMore()
    {
        await using var nodeA = await ConnectAsync(_redis);
        await using var nodeB = await ConnectAsync(_redis);
        var received = 0;
        var kept = 0;
        var subscription = await nodeB.SubscribeAsync("chan", _ => { Interlocked.Increment(ref received); return ValueTask.CompletedTask; });
        await using var other = await nodeB.SubscribeAsync("chan", _ => { Interlocked.Increment(ref kept); return ValueTask.CompletedTask; });
        await nodeA.PublishAsync("chan", new byte[] { 1 });
        await WaitUntilAsync(() => Volatile.Read(ref received) == 1 && Volatile.Read(ref kept) == 1, TimeSpan.FromSeconds(5));

        await subscription.DisposeAsync();
        await nodeA.PublishAsync("chan", new byte[] { 2 });
        await WaitUntilAsync(() => Volatile.Read(ref kept) == 2, TimeSpan.FromSeconds(5));

        Assert.Equal(1, Volatile.Read(ref received));
    }

    [Fact]
    public async Task Connect_WithPassword_UsesRedisAndNeverShowsThePassword()
    {
        await using var secured = await RedisServer.StartAsync(password: "s3cret/pa@ss");
        var options = RedisStateStoreOptions.Parse(secured.Address);
        var logger = new CapturingLogger<RedisStateStore>();
        await using var store = await RedisStateStore.ConnectAsync(options, TimeProvider.System, logger);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(Claim("auth", 1, 1)));
        Assert.False(store.IsUsingFallback);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.Equal(":1", await secured.CommandAsync("EXISTS", "gatehouse:bucket:auth"));
    }

    [Fact]
    public async Task Connect_WrongPassword_ServesLocallyAndLogsNoPassword()
    {
        await using var secured = await RedisServer.StartAsync(password: "right-one");
        var options = RedisStateStoreOptions.Parse($"redis://:wrong-one@127.0.0.1:{secured.Port}");
        var logger = new CapturingLogger<RedisStateStore>();
        await using var store = await RedisStateStore.ConnectAsync(options, TimeProvider.System, logger);

        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(Claim("auth", 1, 1)));
        Assert.True(store.IsUsingFallback);
        var warning = Assert.Single(logger.At(Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.Contains($"127.0.0.1:{secured.Port}", warning.Message, StringComparison.Ordinal);
        Assert.All(logger.Entries, e => Assert.DoesNotContain("wrong-one", e.Message + e.Exception, StringComparison.Ordinal));
    }

    internal static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"not within {timeout.TotalSeconds} s: {what ?? "the condition"}");
            }

            await Task.Delay(20);
        }
    }
}
