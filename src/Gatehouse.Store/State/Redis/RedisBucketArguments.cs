using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// The keys and arguments of <see cref="RedisScripts.TakeTokens"/> for each claim or pair of claims, built once and
/// reused: a request names the same buckets with the same limits as the last one on its route, so neither the prefixed
/// key nor the formatted limits are built again, and the arrays (never written after they are built) are shared by
/// every call. Bounded: past <see cref="MaxEntries"/> the map starts again empty (claims change only with deployments).
/// </summary>
internal sealed class RedisBucketArguments(string bucketPrefix)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<ClaimPair, Arguments> _arguments = new();
    private int _count;

    public Arguments For(in BucketClaim first, in BucketClaim? second)
    {
        var pair = new ClaimPair(first, second);
        if (_arguments.TryGetValue(pair, out var arguments))
        {
            return arguments;
        }

        arguments = second is { } other
            ? new Arguments([Key(first), Key(other)], [Number(first.Limits.RatePerSecond), Number(first.Limits.Burst), Number(other.Limits.RatePerSecond), Number(other.Limits.Burst)])
            : new Arguments([Key(first)], [Number(first.Limits.RatePerSecond), Number(first.Limits.Burst)]);
        if (_arguments.TryAdd(pair, arguments) && Interlocked.Increment(ref _count) > MaxEntries)
        {
            _arguments.Clear();
            Volatile.Write(ref _count, 0);
        }

        return arguments;
    }

    /// <summary>A limit as the script reads it: the shortest text that parses back to the same double.</summary>
    internal static RedisValue Number(double value) => Encoding.UTF8.GetBytes(value.ToString("R", CultureInfo.InvariantCulture));

    private RedisKey Key(in BucketClaim claim) => Encoding.UTF8.GetBytes(bucketPrefix + claim.Key);

    /// <summary>KEYS and ARGV of one call; shared, so never written to.</summary>
    internal sealed record Arguments(RedisKey[] Keys, RedisValue[] Values);

    private readonly record struct ClaimPair(BucketClaim First, BucketClaim? Second);
}
