using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// The state store shared by every node (DESIGN.md, "State and scale"): token buckets and counters as one atomic Lua
/// script each (one round trip, timed by Redis's clock), the cache as strings with a time to live, pub/sub as Redis
/// channels; every key and channel under <see cref="RedisStateStoreOptions.KeyPrefix"/>.
/// <para>
/// Fallback: a call that Redis does not answer within <see cref="RedisStateStoreOptions.OperationTimeout"/> (the
/// multiplexer's own timeout, checked on its heartbeat), or answers with an error, is served by this node's own
/// <see cref="InMemoryStateStore"/> (local buckets with the same limits, local cache, local pub/sub) and counted in the
/// "Gatehouse.State" meter, so no request fails or waits long because of Redis. The node as a whole switches to its
/// memory (logged once) only when the connection fails or <see cref="FailuresBeforeSwitch"/> calls fail in a row (the
/// calls one stall fails together count once), so a GC pause or a busy machine does not make it flap. While switched,
/// a probe runs at most once a second and the store returns to Redis by itself once Redis answers (logged once); cache
/// removals and subscriptions that Redis missed are made in it then.
/// </para>
/// <para>
/// What falling back costs: a call that timed out has usually still run in Redis, so that request counts there and
/// here. At a switch, this node's local buckets start full: each node that switches admits up to a burst more than the
/// shared limit, then enforces the limits on its own (N nodes admit up to N times the rate) until Redis is back. A
/// message published while Redis does not answer reaches this node's subscribers (twice, if Redis did take it late)
/// and no other node's.
/// </para>
/// </summary>
public sealed partial class RedisStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    public const string MeterName = "Gatehouse.State";

    /// <summary>Failed calls in a row (those of one stall counted once) that switch the node to its memory.</summary>
    public const int FailuresBeforeSwitch = 3;

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConnectedCheckInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Prefixes removed from the local cache while Redis was down, replayed when it is back; beyond, all.</summary>
    private const int MaxPendingRemovals = 1024;

    /// <summary>Keys per SCAN page and per UNLINK.</summary>
    private const int ScanPage = 500;

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
    private readonly RedisBucketArguments _bucketArguments;
    private readonly RedisFailureStreak _failures = new(FailuresBeforeSwitch);
    private readonly string _counterPrefix;
    private readonly string _cachePrefix;
    private readonly string _channelPrefix;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ConcurrentQueue<string> _pendingRemovals = new();
    private int _pendingRemovalCount;
    private int _removeAllPending;
    private int _fallback;
    private int _repairPending;
    private int _recovering;
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
        _bucketArguments = new RedisBucketArguments(options.KeyPrefix + "bucket:");
        _counterPrefix = options.KeyPrefix + "counter:";
        _cachePrefix = options.KeyPrefix + "cache:";
        _channelPrefix = options.KeyPrefix + "channel:";
        _channels = new RedisChannels(_subscriber, _channelPrefix, options.OperationTimeout, logger);
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

    /// <summary>Switched to this node's memory, or shutting down (a request then is answered here, never fails).</summary>
    private bool ServesLocally => Volatile.Read(ref _fallback) != 0 || Volatile.Read(ref _disposed) != 0;

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

        if (ServesLocally)
        {
            return ValueTask.FromResult(TakeLocally(first, second));
        }

        return TakeFromRedisAsync(first, second);
    }

    public ValueTask<CounterIncrement> TryIncrementAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ServesLocally)
        {
            CountFallback();
            return _local.TryIncrementAsync(key, limit, expiresAt, cancellationToken);
        }

        return IncrementInRedisAsync(key, limit, expiresAt, cancellationToken);
    }

    public async ValueTask<byte[]?> GetCachedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!ServesLocally)
        {
            var startedAt = _time.GetTimestamp();
            try
            {
                var value = (byte[]?)await _database.StringGetAsync(_cachePrefix + key).ConfigureAwait(false);
                _failures.Succeed();
                return value;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Failed(e, startedAt);
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

        if (!ServesLocally)
        {
            var startedAt = _time.GetTimestamp();
            try
            {
                // Whole milliseconds, rounded up: a time to live below one still caches for one.
                var milliseconds = Math.Max(1, (long)Math.Ceiling(timeToLive.TotalMilliseconds));
                await _database.StringSetAsync(_cachePrefix + key, value, TimeSpan.FromMilliseconds(milliseconds), When.Always).ConfigureAwait(false);
                _failures.Succeed();
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Failed(e, startedAt);
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
        if (!ServesLocally)
        {
            var startedAt = _time.GetTimestamp();
            try
            {
                await RemoveFromRedisAsync(prefix).ConfigureAwait(false);
                _failures.Succeed();
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Failed(e, startedAt);
            }
        }

        // Made in Redis once it answers (removing is idempotent: a removal that half ran is simply made again).
        CountFallback();
        RememberRemoval(prefix);
        RepairLater();
    }

    public async ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!ServesLocally)
        {
            var startedAt = _time.GetTimestamp();
            try
            {
                // Every node's subscribers, this one's included, hear it from Redis.
                await _subscriber.PublishAsync(RedisChannel.Literal(_channelPrefix + channel), message).ConfigureAwait(false);
                _failures.Succeed();
                return;
            }
            catch (Exception e) when (IsOutage(e))
            {
                Failed(e, startedAt);
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
        var inRedis = !ServesLocally;
        var startedAt = _time.GetTimestamp();
        var outage = await _channels.AddAsync(channel, redisHandler, inRedis).ConfigureAwait(false);
        if (outage is not null)
        {
            Failed(outage, startedAt);
        }
        else if (inRedis)
        {
            _failures.Succeed();
        }

        if (!inRedis || outage is not null)
        {
            // Subscribed in Redis once it answers: the channel is recorded already, so the repair cannot miss it.
            CountFallback();
            RepairLater();
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

    /// <summary>
    /// Exceptions that mean "Redis cannot serve this now", as opposed to a bug of ours: an error from Redis, no answer in
    /// time, a lost connection, or a multiplexer already disposed (a request during shutdown).
    /// </summary>
    internal static bool IsOutage(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException or IOException or SocketException;

    /// <summary>The outages that mean the connection is gone, not merely that one call failed.</summary>
    internal static bool IsConnectionLost(Exception e) => e is RedisConnectionException or ObjectDisposedException or IOException or SocketException;

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
            // answer quickly. The multiplexer checks every call's timeout on its heartbeat (one timer for all calls,
            // where a timer per call would cost every request), so it beats five times per timeout.
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = (int)Math.Max(1, options.ConnectTimeout.TotalMilliseconds),
            ConnectRetry = 1,
            SyncTimeout = operationMilliseconds,
            AsyncTimeout = operationMilliseconds,
            HeartbeatInterval = HeartbeatInterval(operationMilliseconds),
            ReconnectRetryPolicy = new LinearRetry(500),
            KeepAlive = 15,
        };
        if (options.UseTls)
        {
            configuration.SslHost = options.Host;
        }

        return configuration;
    }

    /// <summary>
    /// How often the multiplexer looks for calls past their timeout: a fifth of it (within 20 ms and 1 s), so that a
    /// Redis that stopped answering holds a call at most about 1.2 times the timeout.
    /// </summary>
    internal static TimeSpan HeartbeatInterval(int operationMilliseconds) => TimeSpan.FromMilliseconds(Math.Clamp(operationMilliseconds / 5, 20, 1000));

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis at {Endpoint} is unreachable ({Reason}): token buckets, counters, cache and pub/sub fall back to this node's memory until it answers again; limits are enforced per node meanwhile.")]
    private static partial void LogFallingBack(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Redis at {Endpoint} answers again: token buckets, counters, cache and pub/sub are shared through it once more.")]
    private static partial void LogBack(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "A state store subscriber failed on a message.")]
    internal static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Returning to Redis at {Endpoint} failed unexpectedly; trying again every second (logged once): {Failure}")]
    private static partial void LogRecoveryFailed(ILogger logger, string endpoint, string failure);

    private static void CheckClaim(in BucketClaim claim, string name)
    {
        ArgumentNullException.ThrowIfNull(claim.Key, name);
        if (!claim.Limits.IsValid)
        {
            throw new ArgumentOutOfRangeException(name, claim.Limits, "A bucket's rate and burst are finite and not negative.");
        }
    }

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

    /// <summary>
    /// The hot path: the keys and arguments are built once per claim (<see cref="RedisBucketArguments"/>), the script
    /// goes by its hash, the wait is bounded by the multiplexer's timeout (no timer of its own) and the state machine
    /// is pooled.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TokenTake> TakeFromRedisAsync(BucketClaim first, BucketClaim? second)
    {
        var arguments = _bucketArguments.For(first, second);
        var startedAt = _time.GetTimestamp();
        RedisResult result;
        try
        {
            try
            {
                result = await _database.ScriptEvaluateAsync(RedisScripts.TakeTokens.Hash, arguments.Keys, arguments.Values).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (RedisScript.IsUnknownTo(e))
            {
                result = await _database.ScriptEvaluateAsync(RedisScripts.TakeTokens.Text, arguments.Keys, arguments.Values, CommandFlags.NoScriptCache).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsOutage(e))
        {
            Failed(e, startedAt);
            return TakeLocally(first, second);
        }

        _failures.Succeed();
        return (int)result switch
        {
            RedisScripts.Taken => TokenTake.Taken,
            RedisScripts.FirstEmpty => TokenTake.FirstEmpty,
            _ => TokenTake.SecondEmpty,
        };
    }

    private TokenTake TakeLocally(in BucketClaim first, in BucketClaim? second)
    {
        CountFallback();
        return _local.TryTakeToken(first, second);
    }

    private async ValueTask<CounterIncrement> IncrementInRedisAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetTimestamp();
        RedisResult result;
        try
        {
            result = await EvaluateAsync(RedisScripts.Increment, [_counterPrefix + key], [limit, expiresAt.ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        }
        catch (Exception e) when (IsOutage(e))
        {
            Failed(e, startedAt);
            CountFallback();
            return await _local.TryIncrementAsync(key, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        _failures.Succeed();
        var values = (RedisResult[])result!;
        return new CounterIncrement((long)values[0] == 1, (long)values[1]);
    }

    /// <summary>Runs a script by its hash, or by its text when Redis does not know it (restarted, or scripts flushed).</summary>
    private async Task<RedisResult> EvaluateAsync(RedisScript script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await _database.ScriptEvaluateAsync(script.Hash, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (RedisScript.IsUnknownTo(e))
        {
            return await _database.ScriptEvaluateAsync(script.Text, keys, values, CommandFlags.NoScriptCache).ConfigureAwait(false);
        }
    }

    /// <summary>SCAN and UNLINK page by page, each round trip bounded by the operation timeout.</summary>
    private async Task RemoveFromRedisAsync(string prefix)
    {
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var batch = new List<RedisKey>(ScanPage);
        var keys = server.KeysAsync(_options.Database, EscapeGlob(_cachePrefix + prefix) + "*", pageSize: ScanPage).GetAsyncEnumerator();
        var abandoned = false;
        try
        {
            while (await NextKeyAsync(keys).ConfigureAwait(false))
            {
                batch.Add(keys.Current);
                if (batch.Count == ScanPage)
                {
                    await UnlinkAsync(batch).ConfigureAwait(false);
                    batch.Clear();
                }
            }
        }
        catch (TimeoutException)
        {
            abandoned = true;
            throw;
        }
        finally
        {
            // An abandoned scan may have a page still in flight; it cannot be disposed before that page is in.
            if (!abandoned)
            {
                await keys.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (batch.Count > 0)
        {
            await UnlinkAsync(batch).ConfigureAwait(false);
        }
    }

    private Task<bool> NextKeyAsync(IAsyncEnumerator<RedisKey> keys)
    {
        var next = keys.MoveNextAsync();
        return next.IsCompleted ? next.AsTask() : next.AsTask().WaitAsync(_options.OperationTimeout);
    }

    private Task UnlinkAsync(List<RedisKey> keys) =>
        _database.ExecuteAsync("UNLINK", keys.ConvertAll(static k => (object)k), CommandFlags.None).WaitAsync(_options.OperationTimeout);

    private void RememberRemoval(string prefix)
    {
        if (Interlocked.Increment(ref _pendingRemovalCount) > MaxPendingRemovals)
        {
            Interlocked.Decrement(ref _pendingRemovalCount);
            Interlocked.Increment(ref _removeAllPending);
            return;
        }

        _pendingRemovals.Enqueue(prefix);
    }

    /// <summary>Makes in Redis the cache removals it missed, in order; an outage leaves the rest for the next try.</summary>
    private async Task ReplayRemovalsAsync()
    {
        // Too many to remember: the whole cache goes. One asked for meanwhile changes the count and asks for another.
        if (Volatile.Read(ref _removeAllPending) is var removeAll and not 0)
        {
            await RemoveFromRedisAsync("").ConfigureAwait(false);
            Interlocked.CompareExchange(ref _removeAllPending, 0, removeAll);
        }

        while (_pendingRemovals.TryPeek(out var prefix))
        {
            await RemoveFromRedisAsync(prefix).ConfigureAwait(false);
            _pendingRemovals.TryDequeue(out _);
            Interlocked.Decrement(ref _pendingRemovalCount);
        }
    }

    /// <summary>Makes in Redis what it missed: cache removals, and subscriptions made without it.</summary>
    private async Task RepairAsync()
    {
        // Cleared first: whatever is left for Redis from here on sets it again and is seen on the next pass.
        Volatile.Write(ref _repairPending, 0);
        try
        {
            await ReplayRemovalsAsync().ConfigureAwait(false);
            if (await _channels.SubscribeMissingAsync().ConfigureAwait(false) is { } outage)
            {
                throw outage;
            }
        }
        catch
        {
            Volatile.Write(ref _repairPending, 1);
            throw;
        }
    }

    /// <summary>Something was left for Redis (a removal, a subscription): the recovery loop makes it once Redis answers.</summary>
    private void RepairLater()
    {
        Volatile.Write(ref _repairPending, 1);
        StartRecovery();
    }

    private void CountFallback() => _fallbackOperations.Add(1, _tags);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // The multiplexer raises the event on the thread pool: on a busy machine it may arrive after the connection
        // came back (and after the store returned to Redis). A failure of a connection that is up again is no outage.
        if (e.ConnectionType == ConnectionType.Interactive && !_redis.IsConnected)
        {
            FallBack(e.FailureType + (e.Exception is { } exception ? ": " + exception.Message : ""));
        }
    }

    /// <summary>
    /// A call failed and was served locally. The node switches to its memory when the connection is gone or after
    /// <see cref="FailuresBeforeSwitch"/> failures in a row; one slow or failed call changes nothing else.
    /// </summary>
    private void Failed(Exception e, long startedAt)
    {
        if (IsConnectionLost(e))
        {
            FallBack(e.GetType().Name + ": " + e.Message);
        }
        else if (_failures.Fail(startedAt, _time.GetTimestamp()))
        {
            FallBack($"{FailuresBeforeSwitch} calls in a row failed, the last with {e.GetType().Name}: {e.Message}");
        }
    }

    private void FallBack(string reason)
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _fallback, 1) != 0)
        {
            return;
        }

        LogFallingBack(_logger, _options.Endpoint, Scrub(reason));
        StartRecovery();
    }

    private string Scrub(string text) =>
        string.IsNullOrEmpty(_options.Password) ? text : text.Replace(_options.Password, "***", StringComparison.Ordinal);

    private void StartRecovery()
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.CompareExchange(ref _recovering, 1, 0) == 0)
        {
            _ = Task.Run(RecoverAsync);
        }
    }

    /// <summary>
    /// While on the fallback, or while Redis missed something: once the multiplexer has a connection again, at most
    /// once a second, runs the token script on a probe key (so Redis must accept scripts and writes, not only PING),
    /// makes the cache removals and subscriptions that Redis missed, empties the local cache (it may hold entries Redis
    /// has since replaced) and switches back; then repairs once more, for what was left for Redis between the first
    /// repair and the switch. Never faults: an unexpected failure is logged once and tried again.
    /// </summary>
    private async Task RecoverAsync()
    {
        CancellationToken token;
        try
        {
            token = _disposing.Token;
        }
        catch (ObjectDisposedException)
        {
            return; // disposed before this started
        }

        var lastAttempt = long.MinValue;
        var loggedFailure = false;
        try
        {
            while (!token.IsCancellationRequested && (IsUsingFallback || Volatile.Read(ref _repairPending) != 0))
            {
                await Task.Delay(ConnectedCheckInterval, _time, token).ConfigureAwait(false);
                if (!_redis.IsConnected || (lastAttempt != long.MinValue && _time.GetElapsedTime(lastAttempt) < ProbeInterval))
                {
                    continue;
                }

                lastAttempt = _time.GetTimestamp();
                try
                {
                    if (IsUsingFallback)
                    {
                        await EvaluateAsync(RedisScripts.TakeTokens, [_options.KeyPrefix + "probe"], [RedisBucketArguments.Number(1), RedisBucketArguments.Number(1)]).ConfigureAwait(false);
                        await RepairAsync().ConfigureAwait(false);
                        await _local.RemoveCachedAsync("", token).ConfigureAwait(false);
                        if (Interlocked.Exchange(ref _fallback, 0) == 1)
                        {
                            _failures.Succeed();
                            LogBack(_logger, _options.Endpoint);
                        }
                    }

                    await RepairAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    if (!IsOutage(e) && !loggedFailure)
                    {
                        loggedFailure = true;
                        LogRecoveryFailed(_logger, _options.Endpoint, Scrub(e.ToString()));
                    }
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Disposed: the delay was cancelled or the multiplexer closed under the probe.
        }
        finally
        {
            Volatile.Write(ref _recovering, 0);
        }

        // A fall back or a repair asked for between the loop's last check and the line above found the loop running.
        if ((IsUsingFallback || Volatile.Read(ref _repairPending) != 0) && !token.IsCancellationRequested)
        {
            StartRecovery();
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
