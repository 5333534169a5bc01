using System.Diagnostics;
using Gatehouse.IntegrationTests.Infrastructure;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;
using Microsoft.Extensions.Logging;
using static Gatehouse.IntegrationTests.State.RedisStateStoreTests;

namespace Gatehouse.IntegrationTests.State;

/// <summary>
/// Issue 5, point 3: when Redis is unreachable each node serves its state from its own memory (no request fails or
/// waits), says so once in its log and in its metrics, and returns to Redis by itself when it is back.
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

    [Fact]
    public async Task RedisStoppedThenRestarted_ServesLocallyThenSharesAgain()
    {
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();
        await using var nodeA = await ConnectAsync(_redis, logger, patient: false);
        await using var nodeB = await ConnectAsync(_redis, patient: false);
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
        Assert.Equal(1, metrics.RedisAvailable());
        Assert.Equal(0, metrics.FallbackOperations);

        await _redis.StopAsync();

        // Given Redis is gone, when requests keep coming, then every operation answers, quickly, from local state.
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
    public async Task RedisFrozen_OperationsTimeOutQuicklyToLocalState()
    {
        var logger = new CapturingLogger<RedisStateStore>();
        await using var store = await ConnectAsync(_redis, logger, patient: false);
        Assert.Equal(TokenTake.Taken, await store.TryTakeTokenAsync(Claim("frozen", 1000, 1000)));

        _redis.Freeze();
        try
        {
            // Given a Redis that holds its connections open and answers nothing, when requests come, then those already
            // waiting give up after the operation timeout (250 ms; the bound leaves room for a busy test machine) and
            // the rest do not wait at all.
            var clock = Stopwatch.StartNew();
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.TryTakeTokenAsync(Claim("frozen", 1000, 1000)).AsTask()));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"50 concurrent takes took {clock.Elapsed.TotalMilliseconds} ms against a frozen Redis");
            Assert.All(outcomes, o => Assert.Equal(TokenTake.Taken, o));
            Assert.True(store.IsUsingFallback);
            var slowest = await EveryOperationAsync(store, "frozen");
            Assert.True(slowest < Fast, $"an operation took {slowest.TotalMilliseconds} ms with Redis frozen");
        }
        finally
        {
            _redis.Thaw();
        }

        await WaitUntilAsync(() => !store.IsUsingFallback, Recovery, "back on Redis after it thawed");
        Assert.Single(logger.At(LogLevel.Warning));
    }

    [Fact]
    public async Task RedisDownAtStart_StartsLocallyAndMovesToRedisWhenItComes()
    {
        await _redis.StopAsync();
        using var metrics = new StateMetrics(_redis.Port);
        var logger = new CapturingLogger<RedisStateStore>();

        var clock = Stopwatch.StartNew();
        await using var nodeA = await ConnectAsync(_redis, logger, patient: false);
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
        await using var nodeB = await ConnectAsync(_redis, patient: false);
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
    public async Task RemoveCached_WhileRedisDown_IsReplayedWhenItIsBack()
    {
        await using var store = await ConnectAsync(_redis, patient: false);
        await store.SetCachedAsync("stage/a", [1], TimeSpan.FromMinutes(10));
        await store.SetCachedAsync("other/a", [2], TimeSpan.FromMinutes(10));
        _redis.Freeze();
        try
        {
            await store.RemoveCachedAsync("stage/");
            Assert.True(store.IsUsingFallback);
        }
        finally
        {
            _redis.Thaw();
        }

        await WaitUntilAsync(() => !store.IsUsingFallback, Recovery, "back on Redis");

        Assert.Null(await store.GetCachedAsync("stage/a"));
        Assert.Equal([2], await store.GetCachedAsync("other/a"));
    }
}
