namespace Gatehouse.Store.State.Redis;

/// <summary>
/// One <see cref="IStateStore.SubscribeAsync"/> on the Redis store: its handler on the Redis channel (messages from
/// every node) and on this node's memory (messages published here while Redis is down). Disposing removes both.
/// </summary>
internal sealed class RedisSubscription(RedisChannels channels, string channel, RedisChannels.Handler handler, IAsyncDisposable local) : IAsyncDisposable
{
    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await local.DisposeAsync().ConfigureAwait(false);
        await channels.RemoveAsync(channel, handler).ConfigureAwait(false);
    }
}
