using System.Diagnostics;
using System.Globalization;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;
using Microsoft.Extensions.Logging;
using static Gatehouse.IntegrationTests.State.RedisStateStoreTests;

namespace Gatehouse.IntegrationTests.State;

/// <summary>
/// Issue 5, point 3: when Redis is unreachable each node serves its state from its own memory (no request fails or
/// waits long), says so once in its log and in its metrics, and returns to Redis by itself when it is back. A call that
/// merely times out is served locally without switching the node. Tests of the timeout itself use a short one; the
/// others a patient one, so that a busy test machine does not change what they see.
/// </summary>
public sealed class RedisStateStoreFallbackTests : IAsyncLifetime
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(900);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>Runs every kind of operation once, each timed; returns the slowest.</summary>
    private static async Task<TimeSpan> EveryOperationAsync(IStateStore store, string tag)
    {
        var slowest = TimeSpan.Zero;
        async Task Timed(Func<Task> operation)
        {
            var clock = Stopwatch.StartNew();
            await operation();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        await Timed(async () => await store.TryTakeTokenAsync(Claim("op/" + tag, 1000, 1000)));
        await Timed(async () => await store.TryTakeTokenAsync(Claim("op/" + tag, 1000, 1000), Claim("op/account", 1000, 1000)));
        await Timed(async () => await store.TryIncrementAsync("op/" + tag, 1000, DateTimeOffset.UtcNow.AddMinutes(1)));
        await Timed(async () => await store.SetCachedAsync("op/" + tag, [1], TimeSpan.FromMinutes(1)));
        await Timed(async () => await store.GetCachedAsync("op/" + tag));
        await Timed(async () => await store.RemoveCachedAsync("op/none/"));
        await Timed(async () => await store.PublishAsync("op", new byte[] { 1 }));
        return slowest;
    }

    /// <summary>
    /// Takes from <paramref name="claim"/> until Redis answers one take in time (on a busy machine the first, which loads
    /// the script, may not); returns the fallback operations counted by then.
    /// </summary>
    private static async Task<long> WarmUpAsync(RedisStateStore store, StateMetrics metrics, BucketClaim claim)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = metrics.FallbackOperations;
            Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
            if (metrics.FallbackOperations == before)
            {
                return before;
            }
        }

        Assert.Fail("Redis answered none of 5 takes in time");
        return 0;
    }

    private static async Task<TimeSpan> TimedAsync(Func<Task> operation)
    {
        var clock = Stopwatch.StartNew();
        await operation();
        return clock.Elapsed;
    }

    [Fact]
    public async Task RedisStoppedThenRestarted_ServesLocallyThenSharesAgain()
    {
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();
        await using var nodeA = await ConnectAsync(_redis, logger);
        var loggerB = new CapturingLogger<RedisStateStore>();
        await using var nodeB = await ConnectAsync(_redis, loggerB);
        var heardOnB = new List<byte>();
        await using var subscription = await nodeB.SubscribeAsync("events", message =>
        {
            lock (heardOnB)
            {
                heardOnB.Add(message.Span[0]);
            }

            return ValueTask.CompletedTask;
        });
        Assert.Equal(TokenTake.Taken, await nodeA.TryTakeTokenAsync(Claim("before", 1, 1)));
        Assert.True(metrics.RedisAvailable() == 1, "a node is off Redis before the outage: " + string.Join("; ", logger.Entries.Concat(loggerB.Entries).Select(e => e.Message)));
        Assert.Equal(0, metrics.FallbackOperations);

        await _redis.StopAsync();

        // Given Redis is gone (its connections closed), when requests keep coming, then the node switches at once and
        // every operation answers, quickly, from local state.
        for (var i = 0; i < 20; i++)
        {
            var slowest = await EveryOperationAsync(nodeA, "down" + i);
            Assert.True(slowest < Fast, $"an operation took {slowest.TotalMilliseconds} ms with Redis down");
        }

        Assert.True(nodeA.IsUsingFallback);
        Assert.InRange(metrics.FallbackOperations, 20 * 7, long.MaxValue);
        Assert.Equal(0, metrics.RedisAvailable());
        var warning = Assert.Single(logger.At(LogLevel.Warning));
        Assert.Contains($"Redis at 127.0.0.1:{_redis.Port} is unreachable", warning.Message, StringComparison.Ordinal);
        Assert.Contains("fall back to this node's memory", warning.Message, StringComparison.Ordinal);
        Assert.Empty(logger.At(LogLevel.Information));

        // Local buckets keep the same limits, local cache and local pub/sub work.
        Assert.Equal(TokenTake.Taken, await nodeA.TryTakeTokenAsync(Claim("local", 0.001, 2)));
        Assert.Equal(TokenTake.Taken, await nodeA.TryTakeTokenAsync(Claim("local", 0.001, 2)));
        Assert.Equal(TokenTake.FirstEmpty, await nodeA.TryTakeTokenAsync(Claim("local", 0.001, 2)));
        await nodeA.SetCachedAsync("local", [7], TimeSpan.FromMinutes(1));
        Assert.Equal([7], await nodeA.GetCachedAsync("local"));
        await nodeB.PublishAsync("events", new byte[] { 1 });
        await WaitUntilAsync(() => { lock (heardOnB) { return heardOnB.Contains(1); } }, TimeSpan.FromSeconds(2), "a local publish while Redis is down");

        // When Redis is back on the same port, then both nodes return to it by themselves.
        await _redis.RestartAsync();
        await WaitUntilAsync(() => !nodeA.IsUsingFallback && !nodeB.IsUsingFallback, Recovery, "both nodes back on Redis");
        Assert.Equal(1, metrics.RedisAvailable());
        var back = Assert.Single(logger.At(LogLevel.Information));
        Assert.Contains("answers again", back.Message, StringComparison.Ordinal);
        Assert.Single(logger.At(LogLevel.Warning));

        // The local cache is left behind (Redis is the truth again) and buckets are shared again.
        Assert.Null(await nodeA.GetCachedAsync("local"));
        var shared = Claim("after", 0.001, 3);
        var admitted = 0;
        for (var i = 0; i < 4; i++)
        {
            admitted += await nodeA.TryTakeTokenAsync(shared) == TokenTake.Taken ? 1 : 0;
            admitted += await nodeB.TryTakeTokenAsync(shared) == TokenTake.Taken ? 1 : 0;
        }

        Assert.Equal(3, admitted);

        // The subscription made before the outage hears messages published through Redis again.
        await WaitUntilAsync(() =>
        {
            _ = nodeA.PublishAsync("events", new byte[] { 2 }).AsTask();
            lock (heardOnB)
            {
                return heardOnB.Contains(2);
            }
        }, Recovery, "a message through Redis after its restart");
        Assert.False(nodeA.IsUsingFallback);
    }

    [Fact]
    public async Task RedisFrozen_CallsTimeOutToLocalStateThenTheNodeSwitches()
    {
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();
        await using var store = await ConnectAsync(_redis, logger, ProductionTimeout);
        var before = await WarmUpAsync(store, metrics, Claim("frozen", 1000, 1000));

        _redis.Freeze();
        try
        {
            // Given a Redis that holds its connections open and answers nothing, when requests come at once, then each
            // gives up after about the operation timeout (250 ms, checked on the multiplexer's heartbeat of 50 ms; the
            // bound leaves room for a busy machine) and is answered from local state. One stall is not an outage: the
            // node stays on Redis and logs nothing.
            var clock = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.TryTakeTokenAsync(Claim("frozen", 1000, 1000)).AsTask()));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"50 concurrent takes took {clock.Elapsed.TotalMilliseconds} ms against a frozen Redis");
            Assert.All(outcomes, o => Assert.Equal(TokenTake.Taken, o));
            Assert.Equal(before + 50, metrics.FallbackOperations);
            Assert.False(store.IsUsingFallback);
            Assert.Empty(logger.At(LogLevel.Warning));

            // When it keeps not answering, then after three stalls in a row the node switches (logged once), and from
            // then on nothing waits for Redis.
            var slowest = TimeSpan.Zero;
            for (var i = 0; i < 10 && !store.IsUsingFallback; i++)
            {
                var took = await TimedAsync(async () => Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(Claim("frozen", 1000, 1000))));
                slowest = took > slowest ? took : slowest;
            }

            Assert.True(store.IsUsingFallback);
            Assert.True(slowest < Fast, $"a take took {slowest.TotalMilliseconds} ms against a frozen Redis");
            var warning = Assert.Single(logger.At(LogLevel.Warning));
            Assert.Contains($"{RedisStateStore.FailuresBeforeSwitch} calls in a row failed", warning.Message, StringComparison.Ordinal);
            var afterSwitch = await EveryOperationAsync(store, "frozen");
            Assert.True(afterSwitch < ProductionTimeout, $"an operation took {afterSwitch.TotalMilliseconds} ms after the switch");
        }
        finally
        {
            _redis.Thaw();
        }

        await WaitUntilAsync(() => !store.IsUsingFallback, Recovery, "back on Redis after it thawed");
        Assert.Single(logger.At(LogLevel.Warning));
        Assert.Single(logger.At(LogLevel.Information));
    }

    [Fact]
    public async Task SlowCalls_NowAndThen_AreServedLocallyWithoutSwitchingTheNode()
    {
        // A slow Redis now and then (a GC pause, a busy machine). The timeout is 1 s here, so that only the stalls made
        // on purpose are longer than the timeout.
        var timeout = TimeSpan.FromSeconds(1);
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();
        await using var store = await ConnectAsync(_redis, logger, timeout);
        var claim = Claim("flaky", 1000, 1000);
        var before = await WarmUpAsync(store, metrics, claim);

        for (var stall = 1; stall <= RedisStateStore.FailuresBeforeSwitch; stall++)
        {
            // Given one call that Redis does not answer in time, then it is answered from local state after the timeout.
            _redis.Freeze();
            TimeSpan took;
            try
            {
                took = await TimedAsync(async () => Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim)));
            }
            finally
            {
                _redis.Thaw();
            }

            Assert.True(took >= timeout * 0.9 && took < timeout * 3, $"a take against a frozen Redis took {took.TotalMilliseconds} ms");
            Assert.Equal(before + stall, metrics.FallbackOperations);

            // And the node stays on Redis: the next call is answered there.
            Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(claim));
            Assert.Equal(before + stall, metrics.FallbackOperations);
            Assert.False(store.IsUsingFallback);
        }

        // Stalls with answers between them are not in a row: no switch, so no warning and no "answers again".
        Assert.Empty(logger.Entries);
        Assert.False(store.IsUsingFallback);
        Assert.Equal(1, metrics.RedisAvailable());
    }

    [Fact]
    public async Task RedisDownAtStart_StartsLocallyAndMovesToRedisWhenItComes()
    {
        await _redis.StopAsync();
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();

        var clock = Stopwatch.StartNew();
        await using var nodeA = await ConnectAsync(_redis, logger);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"connecting to no Redis took {clock.Elapsed.TotalSeconds} s");
        Assert.True(nodeA.IsUsingFallback);
        Assert.Single(logger.At(LogLevel.Warning));

        var heard = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await nodeA.SubscribeAsync("late", message =>
        {
            heard.TrySetResult(message.Span[0]);
            return ValueTask.CompletedTask;
        });
        var slowest = await EveryOperationAsync(nodeA, "start");
        Assert.True(slowest < Fast, $"an operation took {slowest.TotalMilliseconds} ms with Redis down");
        Assert.InRange(metrics.FallbackOperations, 7, long.MaxValue);
        Assert.Equal(0, metrics.RedisAvailable());

        await _redis.RestartAsync();
        await WaitUntilAsync(() => !nodeA.IsUsingFallback, Recovery, "on Redis once it came up");
        Assert.Equal(1, metrics.RedisAvailable());
        Assert.Single(logger.At(LogLevel.Information));

        // Now in Redis: another node shares the bucket, and the subscription made while Redis was down hears Redis.
        await using var nodeB = await ConnectAsync(_redis);
        var shared = Claim("late", 0.001, 2);
        Assert.Equal(TokenTake.Taken, await nodeA.TryTakeTokenAsync(shared));
        Assert.Equal(TokenTake.Taken, await nodeB.TryTakeTokenAsync(shared));
        Assert.Equal(TokenTake.FirstEmpty, await nodeA.TryTakeTokenAsync(shared));
        Assert.Equal(":1", await _redis.CommandAsync("EXISTS", "gatehouse:bucket:late"));

        await WaitUntilAsync(() =>
        {
            _ = nodeB.PublishAsync("late", new byte[] { 9 }).AsTask();
            return heard.Task.IsCompleted;
        }, Recovery, "a message through Redis to a subscription made while it was down");
        Assert.Equal(9, await heard.Task);
    }

    [Fact]
    public async Task RemoveCached_WhileRedisFrozen_AnswersInTimeAndIsMadeOnceRedisAnswers()
    {
        await using var store = await ConnectAsync(_redis, operationTimeout: ProductionTimeout);
        await store.SetCachedAsync("stage/a", [1], TimeSpan.FromMinutes(10));
        await store.SetCachedAsync("other/a", [2], TimeSpan.FromMinutes(10));
        _redis.Freeze();
        try
        {
            var took = await TimedAsync(async () => await store.RemoveCachedAsync("stage/"));
            Assert.True(took < Fast, $"a removal took {took.TotalMilliseconds} ms against a frozen Redis");
        }
        finally
        {
            _redis.Thaw();
        }

        await WaitUntilAsync(async () => await _redis.CommandAsync("EXISTS", "gatehouse:cache:stage/a") == ":0", Recovery, "the removal made in Redis");
        Assert.Equal([2], await store.GetCachedAsync("other/a"));
    }

    [Fact]
    public async Task Subscriptions_WhileRedisFrozen_AnswerInTimeAndHearRedisOnceItAnswers()
    {
        await using var nodeA = await ConnectAsync(_redis, operationTimeout: ProductionTimeout);
        await using var nodeB = await ConnectAsync(_redis);
        var leaving = await nodeA.SubscribeAsync("leaving", _ => ValueTask.CompletedTask);
        var heard = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
        IAsyncDisposable? late = null;
        _redis.Freeze();
        try
        {
            // Given a Redis that answers nothing, when a subscription is made or ended, then neither waits long.
            var subscribing = await TimedAsync(async () => late = await nodeA.SubscribeAsync("late", message =>
            {
                heard.TrySetResult(message.Span[0]);
                return ValueTask.CompletedTask;
            }));
            var unsubscribing = await TimedAsync(async () => await leaving.DisposeAsync());
            Assert.True(subscribing < Fast, $"subscribing took {subscribing.TotalMilliseconds} ms against a frozen Redis");
            Assert.True(unsubscribing < Fast, $"unsubscribing took {unsubscribing.TotalMilliseconds} ms against a frozen Redis");
        }
        finally
        {
            _redis.Thaw();
        }

        // Then the subscription is made in Redis once it answers: another node's messages reach it.
        await using var subscription = late!;
        await WaitUntilAsync(() =>
        {
            _ = nodeB.PublishAsync("late", new byte[] { 5 }).AsTask();
            return heard.Task.IsCompleted;
        }, Recovery, "a message through Redis to a subscription made while it was frozen");
        Assert.Equal(5, await heard.Task);
    }

    [Fact]
    public async Task RemovalsAndSubscriptions_ThroughoutARecovery_AllReachRedis()
    {
        const int Keys = 2_000;
        await using var nodeA = await ConnectAsync(_redis, operationTimeout: ProductionTimeout);
        await using var nodeB = await ConnectAsync(_redis);
        var mset = new List<string> { "MSET" };
        for (var i = 0; i < Keys; i++)
        {
            mset.Add($"gatehouse:cache:gone/{i}/x");
            mset.Add("1");
        }

        Assert.Equal("+OK", await _redis.CommandAsync([.. mset]));

        // Given a node switched to its memory by a frozen Redis, when stage caches are flushed and channels subscribed
        // all the while (before Redis thaws, while the node returns to it, and after), then every removal and every
        // subscription is made in Redis: none is lost between the node's repair and its switch back.
        _redis.Freeze();
        var removed = 0;
        var heard = new List<int>();
        var subscriptions = new List<IAsyncDisposable>();
        try
        {
            await WaitUntilAsync(async () =>
            {
                await nodeA.TryTakeTokenAsync(Claim("switch", 1000, 1000));
                return nodeA.IsUsingFallback;
            }, Recovery, "the node switched by a frozen Redis");
            for (var i = 0; i < 50; i++)
            {
                await Step();
            }
        }
        finally
        {
            _redis.Thaw();
        }

        var clock = Stopwatch.StartNew();
        var afterReturn = 0;
        while (afterReturn < 50 && clock.Elapsed < Recovery)
        {
            await Step();
            afterReturn += nodeA.IsUsingFallback ? 0 : 1;
        }

        Assert.False(nodeA.IsUsingFallback);
        await WaitUntilAsync(async () => await _redis.CommandAsync([.. Enumerable.Range(0, removed).Select(i => $"gatehouse:cache:gone/{i}/x").Prepend("EXISTS")]) == ":0",
            Recovery, $"the {removed} removals made in Redis");
        Assert.Equal(":1", await _redis.CommandAsync("EXISTS", $"gatehouse:cache:gone/{Keys - 1}/x"));
        await WaitUntilAsync(() =>
        {
            lock (heard)
            {
                for (var i = 0; i < subscriptions.Count; i++)
                {
                    if (!heard.Contains(i))
                    {
                        _ = nodeB.PublishAsync("sub/" + i, new byte[] { 1 }).AsTask();
                    }
                }

                return heard.Count == subscriptions.Count;
            }
        }, Recovery, $"messages through Redis to all {subscriptions.Count} subscriptions");
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        async Task Step()
        {
            await nodeA.RemoveCachedAsync($"gone/{removed++}/");
            if (removed % 5 == 0)
            {
                var index = subscriptions.Count;
                subscriptions.Add(await nodeA.SubscribeAsync("sub/" + index, _ =>
                {
                    lock (heard)
                    {
                        if (!heard.Contains(index))
                        {
                            heard.Add(index);
                        }
                    }

                    return ValueTask.CompletedTask;
                }));
            }

            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Operations_DuringAndAfterDispose_AnswerLocallyAndNeverThrow()
    {
        var store = await ConnectAsync(_redis, operationTimeout: ProductionTimeout);
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(Claim("shutdown", 1000, 1000)));

        // Given requests in flight when the node shuts down, then each is answered (from local state if need be).
        var inFlight = Enumerable.Range(0, 50).Select(i => store.TryTakeTokenAsync(Claim("shutdown/" + (i % 5).ToString(CultureInfo.InvariantCulture), 1000, 1000)).AsTask()).ToArray();
        await store.DisposeAsync();
        Assert.All(await Task.WhenAll(inFlight), o => Assert.Equal(TokenTake.Taken, o));

        // And a request after it is answered too, quickly.
        var slowest = await EveryOperationAsync(store, "disposed");
        Assert.True(slowest < Fast, $"an operation took {slowest.TotalMilliseconds} ms after dispose");
        await using var subscription = await store.SubscribeAsync("disposed", _ => ValueTask.CompletedTask);
    }
}
