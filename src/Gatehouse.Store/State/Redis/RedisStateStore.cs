using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// The state store shared by every node (DESIGN.md, "State and scale"): token buckets and counters as one atomic Lua
/// script each (one round trip, timed by Redis's clock), the cache as strings with a time to live, pub/sub as Redis
/// channels; every key and channel under <see cref="RedisStateStoreOptions.KeyPrefix"/>.
/// <para>
/// Fallback: when Redis cannot be reached (not connected, a connection error, or no answer within
/// <see cref="RedisStateStoreOptions.OperationTimeout"/>), operations are served by this node's own
/// <see cref="InMemoryStateStore"/> (local buckets with the same limits, local cache, local pub/sub), so no request
/// fails or waits because Redis is down. The switch is logged once each way and counted in the "Gatehouse.State" meter.
/// While down, a probe runs at most once a second and the store returns to Redis by itself once Redis answers.
/// </para>
/// </summary>
public sealed partial class RedisStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    public const string MeterName = "Gatehouse.State";

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConnectedCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Prefixes removed from the local cache while Redis was down, replayed when it is back; beyond, all.</summary>
    private const int MaxPendingRemovals = 1024;

    private readonly RedisStateStoreOptions _options;
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _database;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannels _channels;
    private readonly InMemoryStateStore _local;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisStateStore> _logger;
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _fallbackOperations;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly string _bucketPrefix;
    private readonly string _counterPrefix;
    private readonly string _cachePrefix;
    private readonly string _channelPrefix;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ConcurrentQueue<string> _pendingRemovals = new();
    private int _pendingRemovalCount;
    private int _removeAllPending;
    private int _fallback;
    private int _probing;
    private int _disposed;

    private RedisStateStore(RedisStateStoreOptions options, ConnectionMultiplexer redis, TimeProvider time, ILogger<RedisStateStore> logger, IMeterFactory? meters)
    {
        _options = options;
        _redis = redis;
        _database = redis.GetDatabase(options.Database);
        _subscriber = redis.GetSubscriber();
        _time = time;
        _logger = logger;
        _local = new InMemoryStateStore(time);
        _bucketPrefix = options.KeyPrefix + "bucket:";
        _counterPrefix = options.KeyPrefix + "counter:";
        _cachePrefix = options.KeyPrefix + "cache:";
        _channelPrefix = options.KeyPrefix + "channel:";
        _channels = new RedisChannels(_subscriber, _channelPrefix, logger);
        _tags = [new("server.address", options.Host), new("server.port", options.Port)];

        var meter = meters?.Create(MeterName) ?? (_ownedMeter = new Meter(MeterName));
        _fallbackOperations = meter.CreateCounter<long>("gatehouse.state.fallback_operations", "{operation}",
            "State operations served from this node's memory because Redis could not be reached.");
        meter.CreateObservableGauge("gatehouse.state.redis_available", () => new Measurement<int>(IsUsingFallback ? 0 : 1, _tags), null,
            "1 while the shared state is in Redis, 0 while this node serves it from its own memory.");

        _redis.ConnectionFailed += OnConnectionFailed;
        if (!_redis.IsConnected)
        {
            FallBack("not connected at start");
        }
    }

    /// <summary>True while operations are served from this node's memory because Redis cannot be reached.</summary>
    public bool IsUsingFallback => Volatile.Read(ref _fallback) != 0;

    /// <summary>
    /// Connects to Redis, waiting at most <see cref="RedisStateStoreOptions.ConnectTimeout"/>. Redis being down is no
    /// error: the store starts on this node's memory and moves to Redis once it answers.
    /// </summary>
    public static async Task<RedisStateStore> ConnectAsync(RedisStateStoreOptions options, TimeProvider time, ILogger<RedisStateStore> logger, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var redis = await ConnectionMultiplexer.ConnectAsync(Configuration(options)).ConfigureAwait(false);
        return new RedisStateStore(options, redis, time, logger, meters);
    }

    /// <summary>The synchronous form of <see cref="ConnectAsync"/>, for a service registration at start.</summary>
    public static RedisStateStore Connect(RedisStateStoreOptions options, TimeProvider time, ILogger<RedisStateStore> logger, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var redis = ConnectionMultiplexer.Connect(Configuration(options));
        return new RedisStateStore(options, redis, time, logger, meters);
    }

    public ValueTask<TokenTake> TryTakeTokenAsync(BucketClaim first, BucketClaim? second = null, CancellationToken cancellationToken = default)
    {
        CheckClaim(first, nameof(first));
        if (second is { } other)
        {
            CheckClaim(other, nameof(second));
        }

        if (IsUsingFallback)
        {
            return ValueTask.FromResult(TakeLocally(first, second));
        }

        return TakeFromRedisAsync(first, second);
    }

    public ValueTask<CounterIncrement> TryIncrementAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (IsUsingFallback)
        {
            CountFallback();
            return _local.TryIncrementAsync(key, limit, expiresAt, cancellationToken);
        }

        return IncrementInRedisAsync(key, limit, expiresAt, cancellationToken);
    }

    public async ValueTask<byte[]?> GetCachedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsUsingFallback)
        {
            try
            {
                return (byte[]?)await Bounded(_database.StringGetAsync(_cachePrefix + key)).ConfigureAwait(false);
            }
            catch (Exception e) when (IsOutage(e))
            {
                FallBack(e);
            }
        }

        CountFallback();
        return await _local.GetCachedAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetCachedAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        if (!IsUsingFallback)
        {
            try
            {
                // Whole milliseconds, rounded up: a time to live below one still caches for one.
                var milliseconds = Math.Max(1, (long)Math.Ceiling(timeToLive.TotalMilliseconds));
                await Bounded(_database.StringSetAsync(_cachePrefix + key, value, TimeSpan.FromMilliseconds(milliseconds), When.Always)).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                FallBack(e);
            }
        }

        CountFallback();
        await _local.SetCachedAsync(key, value, timeToLive, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveCachedAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // The local cache is emptied on return to Redis, but a flush must never leave a stale entry anywhere.
        await _local.RemoveCachedAsync(prefix, cancellationToken).ConfigureAwait(false);
        if (!IsUsingFallback)
        {
            try
            {
                await RemoveFromRedisAsync(prefix).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                FallBack(e);
            }
        }

        CountFallback();
        RememberRemoval(prefix);
    }

    public async ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!IsUsingFallback)
        {
            try
            {
                // Every node's subscribers, this one's included, hear it from Redis.
                await Bounded(_subscriber.PublishAsync(RedisChannel.Literal(_channelPrefix + channel), message)).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                FallBack(e);
            }
        }

        CountFallback();
        await _local.PublishAsync(channel, message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var local = await _local.SubscribeAsync(channel, handler, cancellationToken).ConfigureAwait(false);
        var redisHandler = new RedisChannels.Handler(handler);
        if (await _channels.AddAsync(channel, redisHandler, redisAvailable: !IsUsingFallback).ConfigureAwait(false) is { } outage)
        {
            FallBack(outage);
        }

        if (IsUsingFallback)
        {
            CountFallback();
        }

        return new RedisSubscription(_channels, channel, redisHandler, local);
    }

    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        await _redis.DisposeAsync().ConfigureAwait(false);
        EndDispose();
    }

    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        _redis.Dispose();
        EndDispose();
    }

    /// <summary>Exceptions that mean "Redis cannot serve this now", as opposed to a bug of ours.</summary>
    internal static bool IsOutage(Exception e) => e is RedisException or TimeoutException;

    internal static ConfigurationOptions Configuration(RedisStateStoreOptions options)
    {
        var operationMilliseconds = (int)Math.Max(1, options.OperationTimeout.TotalMilliseconds);
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { options.Host, options.Port } },
            User = options.User,
            Password = options.Password,
            Ssl = options.UseTls,
            DefaultDatabase = options.Database,
            ClientName = "gatehouse",

            // Start without Redis and keep trying; never queue a request behind a dead connection; give up on an
            // answer quickly (the heartbeat is what notices a late one, so it beats more often than the default).
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = (int)Math.Max(1, options.ConnectTimeout.TotalMilliseconds),
            ConnectRetry = 1,
            SyncTimeout = operationMilliseconds,
            AsyncTimeout = operationMilliseconds,
            HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(50, operationMilliseconds / 2))),
            ReconnectRetryPolicy = new LinearRetry(500),
            KeepAlive = 15,
        };
        if (options.UseTls)
        {
            configuration.SslHost = options.Host;
        }

        return configuration;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis at {Endpoint} is unreachable ({Reason}): token buckets, counters, cache and pub/sub fall back to this node's memory until it answers again; limits are enforced per node meanwhile.")]
    private static partial void LogFallingBack(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Redis at {Endpoint} answers again: token buckets, counters, cache and pub/sub are shared through it once more.")]
    private static partial void LogBack(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "A state store subscriber failed on a message.")]
    internal static partial void LogHandlerFailed(ILogger logger, Exception exception);

    private static void CheckClaim(in BucketClaim claim, string name)
    {
        ArgumentNullException.ThrowIfNull(claim.Key, name);
        if (!claim.Limits.IsValid)
        {
            throw new ArgumentOutOfRangeException(name, claim.Limits, "A bucket's rate and burst are finite and not negative.");
        }
    }

    private static RedisValue Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private async ValueTask<TokenTake> TakeFromRedisAsync(BucketClaim first, BucketClaim? second)
    {
        RedisResult result;
        try
        {
            if (second is { } other)
            {
                result = await Bounded(_database.ScriptEvaluateAsync(RedisScripts.TakeTokens,
                    [_bucketPrefix + first.Key, _bucketPrefix + other.Key],
                    [Number(first.Limits.RatePerSecond), Number(first.Limits.Burst), Number(other.Limits.RatePerSecond), Number(other.Limits.Burst)])).ConfigureAwait(false);
            }
            else
            {
                result = await Bounded(_database.ScriptEvaluateAsync(RedisScripts.TakeTokens,
                    [_bucketPrefix + first.Key],
                    [Number(first.Limits.RatePerSecond), Number(first.Limits.Burst)])).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsOutage(e))
        {
            FallBack(e);
            return TakeLocally(first, second);
        }

        return (int)result switch
        {
            RedisScripts.Taken => TokenTake.Taken,
            RedisScripts.FirstEmpty => TokenTake.FirstEmpty,
            _ => TokenTake.SecondEmpty,
        };
    }

    /// <summary>
    /// Gives up waiting for Redis after the operation timeout. The multiplexer has the same timeout, but checks it only
    /// on its heartbeat, so a stalled Redis would hold requests for up to a heartbeat more.
    /// </summary>
    private Task<T> Bounded<T>(Task<T> operation) => operation.IsCompleted ? operation : operation.WaitAsync(_options.OperationTimeout);

    private Task Bounded(Task operation) => operation.IsCompleted ? operation : operation.WaitAsync(_options.OperationTimeout);

    private TokenTake TakeLocally(in BucketClaim first, in BucketClaim? second)
    {
        CountFallback();
        return _local.TryTakeToken(first, second);
    }

    private async ValueTask<CounterIncrement> IncrementInRedisAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        RedisResult result;
        try
        {
            result = await Bounded(_database.ScriptEvaluateAsync(RedisScripts.Increment, [_counterPrefix + key],
                [limit, expiresAt.ToUnixTimeMilliseconds()])).ConfigureAwait(false);
        }
        catch (Exception e) when (IsOutage(e))
        {
            FallBack(e);
            CountFallback();
            return await _local.TryIncrementAsync(key, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        var values = (RedisResult[])result!;
        return new CounterIncrement((long)values[0] == 1, (long)values[1]);
    }

    private async Task RemoveFromRedisAsync(string prefix)
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var batch = new List<RedisKey>(500);
        await foreach (var key in server.KeysAsync(_options.Database, EscapeGlob(_cachePrefix + prefix) + "*", pageSize: 500).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count == 500)
            {
                await UnlinkAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await UnlinkAsync(batch).ConfigureAwait(false);
        }
    }

    private Task UnlinkAsync(List<RedisKey> keys) => _database.ExecuteAsync("UNLINK", keys.ConvertAll(static k => (object)k), CommandFlags.None);

    private void RememberRemoval(string prefix)
    {
        if (Interlocked.Increment(ref _pendingRemovalCount) > MaxPendingRemovals)
        {
            Volatile.Write(ref _removeAllPending, 1);
            return;
        }

        _pendingRemovals.Enqueue(prefix);
    }

    private async Task ReplayRemovalsAsync()
    {
        if (Interlocked.Exchange(ref _removeAllPending, 0) == 1)
        {
            _pendingRemovals.Clear();
            Volatile.Write(ref _pendingRemovalCount, 0);
            await RemoveFromRedisAsync("").ConfigureAwait(false);
            return;
        }

        while (_pendingRemovals.TryPeek(out var prefix))
        {
            await RemoveFromRedisAsync(prefix).ConfigureAwait(false);
            _pendingRemovals.TryDequeue(out _);
            Interlocked.Decrement(ref _pendingRemovalCount);
        }
    }

    private void CountFallback() => _fallbackOperations.Add(1, _tags);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            FallBack(e.FailureType + (e.Exception is { } exception ? ": " + exception.Message : ""));
        }
    }

    private void FallBack(Exception e) => FallBack(e.GetType().Name + ": " + e.Message);

    private void FallBack(string reason)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _fallback, 1) != 0)
        {
            return;
        }

        LogFallingBack(_logger, _options.Endpoint, Scrub(reason));
        StartProbing();
    }

    private string Scrub(string text) =>
        string.IsNullOrEmpty(_options.Password) ? text : text.Replace(_options.Password, "***", StringComparison.Ordinal);

    private void StartProbing()
    {
        if (Interlocked.CompareExchange(ref _probing, 1, 0) == 0)
        {
            _ = Task.Run(ProbeUntilBackAsync);
        }
    }

    /// <summary>
    /// While on the fallback: once the multiplexer has a connection again, at most once a second, runs the token
    /// script on a probe key (so Redis must accept scripts and writes, not only PING), replays cache removals made
    /// meanwhile, subscribes in Redis the channels subscribed meanwhile, empties the local cache (it may hold entries
    /// Redis has since replaced) and switches back.
    /// </summary>
    private async Task ProbeUntilBackAsync()
    {
        var token = _disposing.Token;
        var lastProbe = long.MinValue;
        try
        {
            while (IsUsingFallback && !token.IsCancellationRequested)
            {
                await Task.Delay(ConnectedCheckInterval, _time, token).ConfigureAwait(false);
                if (!_redis.IsConnected || (lastProbe != long.MinValue && _time.GetElapsedTime(lastProbe) < ProbeInterval))
                {
                    continue;
                }

                lastProbe = _time.GetTimestamp();
                try
                {
                    await Bounded(_database.ScriptEvaluateAsync(RedisScripts.TakeTokens, [_options.KeyPrefix + "probe"], [Number(1), Number(1)])).ConfigureAwait(false);
                    await ReplayRemovalsAsync().ConfigureAwait(false);
                    if (await _channels.SubscribeMissingAsync().ConfigureAwait(false) is { } outage)
                    {
                        throw outage;
                    }
                }
                catch (Exception e) when (IsOutage(e))
                {
                    continue;
                }

                await _local.RemoveCachedAsync("", token).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _fallback, 0) == 1)
                {
                    LogBack(_logger, _options.Endpoint);
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Disposed: the delay was cancelled or the multiplexer closed under the probe.
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }

        // A fall back between the loop's last check and the line above found the probe still running.
        if (IsUsingFallback && !token.IsCancellationRequested)
        {
            StartProbing();
        }
    }

    private bool BeginDispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        _redis.ConnectionFailed -= OnConnectionFailed;
        _disposing.Cancel();
        return true;
    }

    private void EndDispose()
    {
        _ownedMeter?.Dispose();
        _disposing.Dispose();
    }
}
