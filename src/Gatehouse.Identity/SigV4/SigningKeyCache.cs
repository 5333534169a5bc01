using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Derived signing keys (<c>HMAC("AWS4"+secret, date) → region → service → "aws4_request"</c>), cached because a key
/// serves every request of its secret for a day. Bounded: a fixed table of slots indexed by the hash of
/// (secret, date, region, service), where a new key replaces whatever held its slot. A hit allocates nothing and takes
/// no lock; entries are immutable and swapped whole. Each key keeps a few keyed <see cref="HMACSHA256"/> instances for
/// the final HMAC: the one-shot <c>HMACSHA256.HashData</c> sets up a new OpenSSL context per call, several times the
/// cost of reusing one.
/// </summary>
internal sealed class SigningKeyCache
{
    public const int KeySize = 32;
    private const string Terminator = "aws4_request";

    private readonly SigningKey?[] _slots;

    /// <param name="capacity">The number of slots, rounded up to a power of two.</param>
    public SigningKeyCache(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new SigningKey?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
    }

    /// <summary>The number of slots: the most keys the cache ever holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>The signing key for the scope; <paramref name="secret"/> is the secret access key.</summary>
    public SigningKey Get(string secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service)
    {
        var hash = HashCode.Combine(
            string.GetHashCode(secret), string.GetHashCode(date), string.GetHashCode(region), string.GetHashCode(service));
        ref var slot = ref _slots[hash & (_slots.Length - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Matches(secret, date, region, service))
        {
            return entry;
        }

        var key = new byte[KeySize];
        Derive(secret, date, region, service, key);
        entry = new SigningKey(secret, date.ToString(), region.ToString(), service.ToString(), key);
        Volatile.Write(ref slot, entry);
        return entry;
    }

    public static void Derive(string secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service, Span<byte> key)
    {
        var secretLength = Encoding.UTF8.GetMaxByteCount(secret.Length) + 4;
        var secretBytes = secretLength <= 256 ? stackalloc byte[secretLength] : new byte[secretLength];
        try
        {
            "AWS4"u8.CopyTo(secretBytes);
            var written = 4 + Encoding.UTF8.GetBytes(secret, secretBytes[4..]);
            Span<byte> current = stackalloc byte[KeySize];
            Hmac(secretBytes[..written], date, current);
            Hmac(current, region, current);
            Hmac(current, service, current);
            Hmac(current, Terminator, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretBytes);
        }
    }

    private static void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<char> data, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(data.Length);
        var bytes = max <= 256 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(data, bytes);
        // A separate result, because the caller passes the same span as key and destination.
        Span<byte> result = stackalloc byte[KeySize];
        HMACSHA256.HashData(key, bytes[..length], result);
        result.CopyTo(destination);
    }

}

/// <summary>A derived signing key, with a small pool of HMAC instances keyed with it.</summary>
internal sealed class SigningKey
{
    private static readonly int PoolSize = Math.Clamp(Environment.ProcessorCount, 2, 16);

    private readonly string _secret;
    private readonly string _date;
    private readonly string _region;
    private readonly string _service;
    private readonly HMACSHA256?[] _pool = new HMACSHA256?[PoolSize];

    public SigningKey(string secret, string date, string region, string service, byte[] key)
    {
        _secret = secret;
        _date = date;
        _region = region;
        _service = service;
        Key = key;
    }

    public byte[] Key { get; }

    public bool Matches(string secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service) =>
        string.Equals(_secret, secret, StringComparison.Ordinal) && date.SequenceEqual(_date) &&
        region.SequenceEqual(_region) && service.SequenceEqual(_service);

    /// <summary>HMAC-SHA256 of <paramref name="stringToSign"/> with this key: the signature.</summary>
    public void Sign(ReadOnlySpan<byte> stringToSign, Span<byte> signature)
    {
        var start = Environment.CurrentManagedThreadId % _pool.Length;
        for (var i = 0; i < _pool.Length; i++)
        {
            ref var slot = ref _pool[(start + i) % _pool.Length];
            var hmac = Interlocked.Exchange(ref slot, null);
            if (hmac is null)
            {
                continue;
            }

            hmac.TryComputeHash(stringToSign, signature, out _);
            if (Interlocked.CompareExchange(ref slot, hmac, null) is not null)
            {
                hmac.Dispose();
            }

            return;
        }

        // Every instance is busy (or none exists yet): use a new one and keep it if a slot is free.
        var created = new HMACSHA256(Key);
        created.TryComputeHash(stringToSign, signature, out _);
        if (Interlocked.CompareExchange(ref _pool[start], created, null) is not null)
        {
            created.Dispose();
        }
    }
}
