using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// One <see cref="IStateStore.SubscribeAsync"/> on the Redis store: a Redis channel subscription (which the multiplexer
/// keeps and renews after every reconnection, even one made while Redis was down) and a local one (for messages
/// published on this node while Redis is down). Messages reach the handler one at a time, in the order they arrived.
/// </summary>
internal sealed class RedisSubscription : IAsyncDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly Func<ReadOnlyMemory<byte>, ValueTask> _handler;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IAsyncDisposable? _local;
    private Task _delivering = Task.CompletedTask;
    private int _disposed;

    public RedisSubscription(ISubscriber subscriber, RedisChannel channel, Func<ReadOnlyMemory<byte>, ValueTask> handler, ILogger logger)
    {
        _subscriber = subscriber;
        _channel = channel;
        _handler = handler;
        _logger = logger;
        _onMessage = OnMessage;
    }

    /// <summary>
    /// Subscribes in Redis. When Redis cannot be reached this throws, but the multiplexer has recorded the
    /// subscription and makes it when it connects again.
    /// </summary>
    public Task SubscribeInRedisAsync() => _subscriber.SubscribeAsync(_channel, _onMessage);

    public void AttachLocal(IAsyncDisposable local) => _local = local;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_local is { } local)
        {
            await local.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            // The handler is removed from the multiplexer before it talks to Redis, so it is gone even when Redis
            // cannot be told.
            await _subscriber.UnsubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisStateStore.IsOutage(e))
        {
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var message = (byte[]?)value ?? [];
        lock (_gate)
        {
            _delivering = DeliverAfterAsync(_delivering, message);
        }
    }

    private async Task DeliverAfterAsync(Task previous, byte[] message)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await _handler(message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RedisStateStore.LogHandlerFailed(_logger, e);
        }
    }
}
