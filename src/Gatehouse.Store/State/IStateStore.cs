namespace Gatehouse.Store.State;

/// <summary>
/// State that requests share at run time (DESIGN.md, "State and scale"), as opposed to configuration: token buckets
/// (throttling), counters with periods (quotas), a cache of values with a time to live (Lambda authorizer results,
/// responses) and pub/sub (messages for WebSocket connections held by another node). In memory on one node
/// (<see cref="InMemoryStateStore"/>); in Redis across nodes (<see cref="Redis.RedisStateStore"/>). Values are bytes
/// and keys are strings, so every implementation holds the same thing.
/// </summary>
public interface IStateStore
{
    /// <summary>
    /// Takes one token from <paramref name="first"/> and one from <paramref name="second"/> (when given), both or
    /// neither, and says which bucket was empty if any. A bucket that does not exist yet starts full.
    /// </summary>
    ValueTask<TokenTake> TryTakeTokenAsync(BucketClaim first, BucketClaim? second = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one to the counter under <paramref name="key"/> unless it has reached <paramref name="limit"/>, and
    /// returns the count. A counter that does not exist (or expired) starts at zero and lives until
    /// <paramref name="expiresAt"/>, the end of its period; callers put the period in the key.
    /// </summary>
    ValueTask<CounterIncrement> TryIncrementAsync(string key, long limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The cached value under <paramref name="key"/>, or null when there is none or it has expired.</summary>
    ValueTask<byte[]?> GetCachedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Caches <paramref name="value"/> under <paramref name="key"/> for <paramref name="timeToLive"/>.</summary>
    ValueTask SetCachedAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Removes every cached value whose key starts with <paramref name="prefix"/> (a stage's cache flush).</summary>
    ValueTask RemoveCachedAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Sends <paramref name="message"/> to every subscriber of <paramref name="channel"/>, on every node.</summary>
    ValueTask PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="handler"/> with each message published on <paramref name="channel"/> from now on, until
    /// the returned subscription is disposed.
    /// </summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string channel, Func<ReadOnlyMemory<byte>, ValueTask> handler, CancellationToken cancellationToken = default);
}

/// <summary>A token bucket to take from: its key (callers include whatever scopes it) and its limits.</summary>
public readonly record struct BucketClaim(string Key, TokenBucketLimits Limits);

/// <summary>The outcome of <see cref="IStateStore.TryTakeTokenAsync"/>.</summary>
public enum TokenTake
{
    /// <summary>Every bucket had a token and gave one.</summary>
    Taken,

    /// <summary>The first bucket was empty; nothing was taken.</summary>
    FirstEmpty,

    /// <summary>The first bucket had a token but the second did not; nothing was taken.</summary>
    SecondEmpty,
}

/// <summary>The outcome of <see cref="IStateStore.TryIncrementAsync"/>: whether it counted, and the count after.</summary>
public readonly record struct CounterIncrement(bool Counted, long Count);
