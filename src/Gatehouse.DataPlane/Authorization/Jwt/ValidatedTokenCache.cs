using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// Tokens already validated, by authorizer and by the exact token text, so a client that sends the same token again
/// skips the signature check. Safe because the answer cannot change while an entry lives: a hit needs the very same
/// characters (compared in full, never just a hash); an entry expires at the token's <c>exp</c> (or sooner); <c>nbf</c>
/// and <c>iat</c> only ever become more valid with time; and signing keys are themselves kept an hour, so a key rotated
/// away would be honoured by revalidation just as long. Only successes are cached. A lookup takes no lock and allocates
/// nothing (the token is probed as a span of the identity value); the number of entries is bounded, tokens longer than
/// <see cref="MaxCachedTokenLength"/> are not kept, and past the capacity the least recently used quarter is dropped in
/// one pass.
/// </summary>
internal sealed class ValidatedTokenCache
{
    /// <summary>Longer (rare) tokens are validated every time, which keeps the cache's memory small.</summary>
    public const int MaxCachedTokenLength = 4096;

    private readonly ConcurrentDictionary<TokenKey, Entry> _entries = new(TokenKeyComparer.Instance);
    private readonly ConcurrentDictionary<TokenKey, Entry>.AlternateLookup<TokenProbe> _lookup;
    private readonly int _capacity;
    private readonly TimeSpan _ttl;
    private int _count;
    private int _evicting;

    public ValidatedTokenCache(int capacity, TimeSpan ttl)
    {
        _capacity = capacity;
        _ttl = ttl;
        _lookup = _entries.GetAlternateLookup<TokenProbe>();
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(long authorizerId, ReadOnlySpan<char> token, DateTimeOffset now, [NotNullWhen(true)] out ValidatedToken? validated)
    {
        if (_lookup.TryGetValue(new TokenProbe(authorizerId, token), out var key, out var entry))
        {
            if (entry.ExpiresTicks > now.UtcTicks)
            {
                entry.LastUsedTicks = now.UtcTicks;
                validated = entry.Token;
                return true;
            }

            Remove(new KeyValuePair<TokenKey, Entry>(key, entry));
        }

        validated = null;
        return false;
    }

    public void Add(long authorizerId, ReadOnlySpan<char> token, ValidatedToken validated, DateTimeOffset now)
    {
        if (_capacity <= 0 || token.Length > MaxCachedTokenLength)
        {
            return;
        }

        var expires = validated.Expires < now + _ttl ? validated.Expires : now + _ttl;
        if (_entries.TryAdd(new TokenKey(authorizerId, token.ToString()), new Entry(validated, expires.UtcTicks, now.UtcTicks))
            && Interlocked.Increment(ref _count) > _capacity)
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
            var target = _capacity - (_capacity / 4);
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

    private readonly record struct TokenKey(long AuthorizerId, string Token);

    /// <summary>A key to look up without allocating: the token as a slice of the request's identity value.</summary>
    private readonly ref struct TokenProbe(long authorizerId, ReadOnlySpan<char> token)
    {
        public long AuthorizerId { get; } = authorizerId;

        public ReadOnlySpan<char> Token { get; } = token;
    }

    /// <summary>Equality on the full text; hashing with the runtime's randomized string hash (no chosen collisions).</summary>
    private sealed class TokenKeyComparer : IEqualityComparer<TokenKey>, IAlternateEqualityComparer<TokenProbe, TokenKey>
    {
        public static TokenKeyComparer Instance { get; } = new();

        public bool Equals(TokenKey x, TokenKey y) => x.AuthorizerId == y.AuthorizerId && string.Equals(x.Token, y.Token, StringComparison.Ordinal);

        public int GetHashCode(TokenKey obj) => Hash(obj.AuthorizerId, obj.Token);

        public bool Equals(TokenProbe alternate, TokenKey other) =>
            alternate.AuthorizerId == other.AuthorizerId && alternate.Token.SequenceEqual(other.Token);

        public int GetHashCode(TokenProbe alternate) => Hash(alternate.AuthorizerId, alternate.Token);

        public TokenKey Create(TokenProbe alternate) => new(alternate.AuthorizerId, alternate.Token.ToString());

        private static int Hash(long authorizerId, ReadOnlySpan<char> token) => HashCode.Combine(authorizerId, string.GetHashCode(token));
    }

    private sealed class Entry(ValidatedToken token, long expiresTicks, long lastUsedTicks)
    {
        public ValidatedToken Token { get; } = token;

        public long ExpiresTicks { get; } = expiresTicks;

        /// <summary>Written without synchronization: an approximate recency is enough to choose what to evict.</summary>
        public long LastUsedTicks { get; set; } = lastUsedTicks;
    }
}
