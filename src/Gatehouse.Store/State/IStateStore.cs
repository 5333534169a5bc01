namespace Gatehouse.Store.State;

/// <summary>
/// State that requests share at run time (DESIGN.md, "State and scale"), as opposed to configuration: today a cache
/// of values with a time to live (Lambda authorizer results); token buckets, quotas and WebSocket delivery join it
/// with throttling. In memory on one node; Redis across nodes. Values are bytes so that every implementation holds
/// the same thing.
/// </summary>
public interface IStateStore
{
    /// <summary>The cached value under <paramref name="key"/>, or null when there is none or it has expired.</summary>
    ValueTask<byte[]?> GetCachedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Caches <paramref name="value"/> under <paramref name="key"/> for <paramref name="timeToLive"/>.</summary>
    ValueTask SetCachedAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken = default);
}
