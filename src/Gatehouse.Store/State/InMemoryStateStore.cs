using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Gatehouse.Store.State;

/// <summary>
/// The one-node state store. Token buckets and counters are one small object each with its own lock (striped by key:
/// requests on different routes never contend), found without allocating. Everything is bounded: when a map is full,
/// entries that carry no information (full buckets, expired counters and cache entries) are swept and, for the cache,
/// arbitrary entries are dropped until a tenth of the room is free again. A dropped cache entry only costs a miss.
/// </summary>
public sealed class InMemoryStateStore(
    TimeProvider time, int cacheCapacity = InMemoryStateStore.DefaultCacheCapacity, int sweepThreshold = InMemoryStateStore.DefaultSweepThreshold)
    : IStateStore
{
    public const int DefaultCacheCapacity = 100_000;

    /// <summary>Buckets and counters beyond which idle ones are swept.</summary>
    public const int DefaultSweepThreshold = 100_000;

    /// <summary>The shortest time between two sweeps of one map.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BucketCell> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CounterCell> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableArray<Func<ReadOnlyMemory<byte>, ValueTask>>> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private long _nextCellOrder;
    private long _nextBucketSweep = long.MinValue;
    private long _nextCounterSweep = long.MinValue;

    public int CachedCount => _cache.Count;

    public int BucketCount => _buckets.Count;

    public ValueTask<TokenTake> TryTakeTokenAsync(BucketClaim first, BucketClaim? second = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TryTakeToken(first, second));

    /// <summary>The synchronous form of <see cref="TryTakeTokenAsync"/>: nothing here waits.</summary>
    public TokenTake TryTakeToken(in BucketClaim first, in BucketClaim? second = null)
    {
        var now = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        var a = Bucket(first.Key, now);
        if (second is not { } other)
        {
            lock (a.Gate)
            {
                a.Limits = first.Limits;
                return a.State.TryTake(first.Limits, now, frequency) ? TokenTake.Taken : TokenTake.FirstEmpty;
            }
        }

        var b = Bucket(other.Key, now);
        if (ReferenceEquals(a, b))
        {
            // One bucket named twice: it must hold two tokens.
            lock (a.Gate)
            {
                a.Limits = first.Limits;
                if (a.State.Refill(first.Limits, now, frequency) < 2)
                {
                    return a.State.Tokens < 1 ? TokenTake.FirstEmpty : TokenTake.SecondEmpty;
                }

                a.State.Take();
                a.State.Take();
                return TokenTake.Taken;
            }
        }

        // Two locks, always in the cells' creation order, so that two requests never wait for each other in a circle.
        var (outer, inner) = a.Order < b.Order ? (a, b) : (b, a);
        lock (outer.Gate)
        {
            lock (inner.Gate)
            {
                a.Limits = first.Limits;
                b.Limits = other.Limits;
                if (a.State.Refill(first.Limits, now, frequency) < 1)
                {
                    return TokenTake.FirstEmpty;
                }

                if (b.State.Refill(other.Limits, now, frequency) < 1)
                {
                    return TokenTake.SecondEmpty;
                }

                a.State.Take();
                b.State.Take();
                return TokenTake.Taken;
            }
        }
    }

    public ValueTask<CounterIncrement> TryIncrementAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = time.GetUtcNow();
        if (!_counters.TryGetValue(key, out var cell))
        {
            if (_counters.Count >= sweepThreshold)
            {
                Sweep(_counters, (_, c) => c.ExpiresAt <= now, time.GetTimestamp(), ref _nextCounterSweep);
            }

            cell = _counters.GetOrAdd(key, static _ => new CounterCell());
        }

        lock (cell.Gate)
        {
            if (cell.ExpiresAt <= now)
            {
                cell.Count = 0;
                cell.ExpiresAt = expiresAt;
            }

            if (cell.Count >= limit)
            {
                return ValueTask.FromResult(new CounterIncrement(false, cell.Count));
            }

            cell.Count++;
            return ValueTask.FromResult(new CounterIncrement(true, cell.Count));
        }
    }

    public ValueTask<byte[]?> GetCachedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_cache.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresAt > time.GetTimestamp())
            {
                return ValueTask.FromResult<byte[]?>(entry.Value);
            }

            _cache.TryRemove(new KeyValuePair<string, CacheEntry>(key, entry));
        }

        return ValueTask.FromResult<byte[]?>(null);
    }

    public ValueTask SetCachedAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (timeToLive <= TimeSpan.Zero)
        {
            return ValueTask.CompletedTask;
        }

        if (_cache.Count >= cacheCapacity && !_cache.ContainsKey(key))
        {
            MakeRoom();
        }

        var ticks = (long)(timeToLive.TotalSeconds * time.TimestampFrequency);
        _cache[key] = new CacheEntry(value, time.GetTimestamp() + ticks);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveCachedAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        foreach (var key in _cache.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                _cache.TryRemove(key, out _);
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!_subscribers.TryGetValue(channel, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            await handler(message).ConfigureAwait(false);
        }
    }

    public ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handler);
        _subscribers.AddOrUpdate(channel, static (_, h) => [h], static (_, list, h) => list.Add(h), handler);
        return ValueTask.FromResult<IAsyncDisposable>(new Subscription(this, channel, handler));
    }

    private void Unsubscribe(string channel, Func<ReadOnlyMemory<byte>, ValueTask> handler)
    {
        while (_subscribers.TryGetValue(channel, out var list))
        {
            var next = list.Remove(handler);
            var done = next.IsEmpty
                ? _subscribers.TryRemove(new KeyValuePair<string, ImmutableArray<Func<ReadOnlyMemory<byte>, ValueTask>>>(channel, list))
                : _subscribers.TryUpdate(channel, next, list);
            if (done)
            {
                return;
            }
        }
    }

    private BucketCell Bucket(string key, long now)
    {
        if (_buckets.TryGetValue(key, out var cell))
        {
            return cell;
        }

        if (_buckets.Count >= sweepThreshold)
        {
            SweepBuckets(now);
        }

        return _buckets.GetOrAdd(key, static (_, self) => new BucketCell(Interlocked.Increment(ref self._nextCellOrder)), this);
    }

    /// <summary>
    /// A bucket that has refilled to its burst is what a missing bucket becomes: dropping it changes nothing (a take
    /// racing with the drop may go unrecorded: one token, once). Its own method: a lambda capturing <c>now</c> in
    /// <see cref="Bucket"/> would allocate its closure on every call.
    /// </summary>
    private void SweepBuckets(long now)
    {
        var frequency = time.TimestampFrequency;
        Sweep(_buckets, (_, c) =>
        {
            lock (c.Gate)
            {
                return c.State.Refill(c.Limits, now, frequency) >= c.Limits.Burst;
            }
        }, now, ref _nextBucketSweep);
    }

    /// <summary>
    /// Drops the cells that carry no information, at most once per <see cref="SweepInterval"/> (a map full of live
    /// cells is not rescanned for every new key).
    /// </summary>
    private void Sweep<TCell>(ConcurrentDictionary<string, TCell> cells, Func<string, TCell, bool> idle, long now, ref long nextSweep)
    {
        lock (_evicting)
        {
            if (cells.Count < sweepThreshold || now < nextSweep)
            {
                return;
            }

            nextSweep = now + (long)(SweepInterval.TotalSeconds * time.TimestampFrequency);

            foreach (var (key, cell) in cells)
            {
                if (idle(key, cell))
                {
                    cells.TryRemove(new KeyValuePair<string, TCell>(key, cell));
                }
            }
        }
    }

    private void MakeRoom()
    {
        lock (_evicting)
        {
            if (_cache.Count < cacheCapacity)
            {
                return;
            }

            var now = time.GetTimestamp();
            foreach (var (key, entry) in _cache)
            {
                if (entry.ExpiresAt <= now)
                {
                    _cache.TryRemove(new KeyValuePair<string, CacheEntry>(key, entry));
                }
            }

            var target = cacheCapacity - Math.Max(1, cacheCapacity / 10);
            foreach (var key in _cache.Keys)
            {
                if (_cache.Count <= target)
                {
                    break;
                }

                _cache.TryRemove(key, out _);
            }
        }
    }

    private readonly record struct CacheEntry(byte[] Value, long ExpiresAt);

    private sealed class BucketCell(long order)
    {
        public readonly Lock Gate = new();
        public readonly long Order = order;
        public TokenBucket State;

        /// <summary>The limits of the last take, for the sweep.</summary>
        public TokenBucketLimits Limits;
    }

    private sealed class CounterCell
    {
        public readonly Lock Gate = new();
        public long Count;
        public DateTimeOffset ExpiresAt = DateTimeOffset.MinValue;
    }

    private sealed class Subscription(InMemoryStateStore store, string channel, Func<ReadOnlyMemory<byte>, ValueTask> handler) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Unsubscribe(channel, handler);
            }

            return ValueTask.CompletedTask;
        }
    }
}
