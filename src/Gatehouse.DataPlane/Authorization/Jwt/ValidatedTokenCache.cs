using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// Tokens already validated, by authorizer and by the SHA-256 of the token (truncated to 128 bits), so a client that
/// sends the same token again skips the signature check. Safe because the answer cannot change while an entry lives:
/// the key is the exact token bytes; an entry expires at the token's <c>exp</c> (or sooner); <c>nbf</c>/<c>iat</c> only
/// ever become more valid with time; and signing keys are themselves kept an hour, so a key rotated away would be
/// honoured by revalidation just as long. Only successes are cached. Reads take no lock; the size is bounded, and when
/// it is exceeded the least recently used quarter is dropped in one pass.
/// </summary>
internal sealed class ValidatedTokenCache(int capacity, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<TokenKey, Entry> _entries = new();
    private int _count;
    private int _evicting;

    public int Count => Volatile.Read(ref _count);

    public static TokenKey KeyFor(long authorizerId, ReadOnlySpan<char> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(token), hash);
        return new TokenKey(authorizerId, MemoryMarshal.Read<UInt128>(hash));
    }

    public bool TryGet(in TokenKey key, DateTimeOffset now, out ValidatedToken token)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresTicks > now.UtcTicks)
            {
                entry.LastUsedTicks = now.UtcTicks;
                token = entry.Token;
                return true;
            }

            if (_entries.TryRemove(new KeyValuePair<TokenKey, Entry>(key, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        token = null!;
        return false;
    }

    public void Add(in TokenKey key, ValidatedToken token, DateTimeOffset now)
    {
        if (capacity <= 0)
        {
            return;
        }

        var expires = token.Expires < now + ttl ? token.Expires : now + ttl;
        if (_entries.TryAdd(key, new Entry(token, expires.UtcTicks, now.UtcTicks))
            && Interlocked.Increment(ref _count) > capacity)
        {
            Evict(now);
        }
    }

    private void Evict(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1)
        {
            return;
        }

        try
        {
            var target = capacity - (capacity / 4);
            var entries = _entries.ToArray();
            // Recency is read once per entry: requests keep updating it while this runs, and a sort must see stable keys.
            var live = new List<(long LastUsed, KeyValuePair<TokenKey, Entry> Pair)>(entries.Length);
            foreach (var pair in entries)
            {
                if (pair.Value.ExpiresTicks <= now.UtcTicks)
                {
                    Remove(pair);
                }
                else
                {
                    live.Add((pair.Value.LastUsedTicks, pair));
                }
            }

            if (live.Count > target)
            {
                live.Sort(static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
                foreach (var (_, pair) in live.Take(live.Count - target))
                {
                    Remove(pair);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    private void Remove(KeyValuePair<TokenKey, Entry> pair)
    {
        if (_entries.TryRemove(pair))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    internal readonly record struct TokenKey(long AuthorizerId, UInt128 Hash);

    private sealed class Entry(ValidatedToken token, long expiresTicks, long lastUsedTicks)
    {
        public ValidatedToken Token { get; } = token;

        public long ExpiresTicks { get; } = expiresTicks;

        /// <summary>Written without synchronization: an approximate recency is enough to choose what to evict.</summary>
        public long LastUsedTicks { get; set; } = lastUsedTicks;
    }
}
