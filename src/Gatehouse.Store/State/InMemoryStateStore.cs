using System.Collections.Concurrent;

namespace Gatehouse.Store.State;

/// <summary>
/// The one-node state store. The cache is bounded: keys come from request data (an authorizer's identity sources), so
/// when it is full, expired entries are swept and, if that is not enough, arbitrary entries are dropped until a tenth
/// of the room is free again. A dropped entry only costs a cache miss.
/// </summary>
public sealed class InMemoryStateStore(TimeProvider time, int cacheCapacity = InMemoryStateStore.DefaultCacheCapacity) : IStateStore
{
    public const int DefaultCacheCapacity = 100_000;

    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();

    public int CachedCount => _cache.Count;

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
}
