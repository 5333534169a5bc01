using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Derived signing keys (<c>HMAC("AWS4"+secret, date) → region → service → "aws4_request"</c>), cached because a key
/// serves every request of its secret for a day. Bounded: a fixed table of slots indexed by the hash of
/// (secret, date, region, service), where a new key replaces whatever held its slot. A hit allocates nothing and takes
/// no lock; entries are immutable and swapped whole.
/// </summary>
internal sealed class SigningKeyCache
{
    public const int KeySize = 32;
    private const string Terminator = "aws4_request";

    private readonly Entry?[] _slots;

    /// <param name="capacity">The number of slots, rounded up to a power of two.</param>
    public SigningKeyCache(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Entry?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
    }

    /// <summary>The number of slots: the most keys the cache ever holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>The signing key for the scope; <paramref name="secret"/> is the secret access key.</summary>
    public byte[] Get(string secret, ReadOnlySpan<char> date, ReadOnlySpan<char> region, ReadOnlySpan<char> service)
    {
        var hash = HashCode.Combine(
            string.GetHashCode(secret), string.GetHashCode(date), string.GetHashCode(region), string.GetHashCode(service));
        ref var slot = ref _slots[hash & (_slots.Length - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.Matches(secret, date, region, service))
        {
            return entry.Key;
        }

        var key = new byte[KeySize];
        Derive(secret, date, region, service, key);
        Volatile.Write(ref slot, new Entry(secret, date.ToString(), region.ToString(), service.ToString(), key));
        return key;
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

    private sealed class Entry(string secret, string date, string region, string service, byte[] key)
    {
        public byte[] Key { get; } = key;

        public bool Matches(string secretValue, ReadOnlySpan<char> dateValue, ReadOnlySpan<char> regionValue, ReadOnlySpan<char> serviceValue) =>
            string.Equals(secret, secretValue, StringComparison.Ordinal) && dateValue.SequenceEqual(date) &&
            regionValue.SequenceEqual(region) && serviceValue.SequenceEqual(service);
    }
}
