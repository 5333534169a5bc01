using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// The Redis side of one store's subscriptions: one Redis subscription per channel (an ordered message queue, which the
/// multiplexer renews after every reconnection) that hands each message to the channel's handlers one at a time, in
/// the order Redis delivered them. A channel subscribed while Redis is down is subscribed in Redis on the store's return.
/// Every call to Redis gives up after <paramref name="timeout"/>.
/// </summary>
internal sealed class RedisChannels(ISubscriber subscriber, string prefix, TimeSpan timeout, ILogger logger)
{
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds a handler; subscribes in Redis unless <paramref name="redisAvailable"/> is false.</summary>
    /// <returns>The outage that prevented the Redis subscription, if any (it is made on return).</returns>
    public async Task<Exception?> AddAsync(string name, Handler handler, bool redisAvailable)
    {
        while (true)
        {
            Channel channel;
            lock (_gate)
            {
                if (!_channels.TryGetValue(name, out channel!))
                {
                    channel = new Channel(RedisChannel.Literal(prefix + name));
                    _channels.Add(name, channel);
                }
            }

            await channel.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (channel.Closed)
                {
                    continue; // its last handler left while we waited: take the new one
                }

                channel.Handlers = channel.Handlers.Add(handler);
                return redisAvailable ? await SubscribeAsync(channel).ConfigureAwait(false) : null;
            }
            finally
            {
                channel.Gate.Release();
            }
        }
    }

    public async Task RemoveAsync(string name, Handler handler)
    {
        Channel? channel;
        lock (_gate)
        {
            _channels.TryGetValue(name, out channel);
        }

        if (channel is null)
        {
            return;
        }

        await channel.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            channel.Handlers = channel.Handlers.Remove(handler);
            if (!channel.Handlers.IsEmpty || channel.Closed)
            {
                return;
            }

            channel.Closed = true;
            lock (_gate)
            {
                _channels.Remove(name);
            }

            if (channel.Queue is { } queue)
            {
                channel.Queue = null;
                try
                {
                    await queue.UnsubscribeAsync().WaitAsync(timeout).ConfigureAwait(false);
                }
                catch (Exception e) when (RedisStateStore.IsOutage(e))
                {
                    // The queue is closed locally before Redis is told; Redis forgets the rest with the connection.
                }
            }
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    /// <summary>Subscribes in Redis every channel that is not yet; the first outage met, if any.</summary>
    public async Task<Exception?> SubscribeMissingAsync()
    {
        Channel[] channels;
        lock (_gate)
        {
            channels = [.. _channels.Values];
        }

        foreach (var channel in channels)
        {
            await channel.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!channel.Closed && await SubscribeAsync(channel).ConfigureAwait(false) is { } outage)
                {
                    return outage;
                }
            }
            finally
            {
                channel.Gate.Release();
            }
        }

        return null;
    }

    private async Task<Exception?> SubscribeAsync(Channel channel)
    {
        if (channel.Queue is not null)
        {
            return null;
        }

        try
        {
            var queue = await subscriber.SubscribeAsync(channel.Name).WaitAsync(timeout).ConfigureAwait(false);
            queue.OnMessage(message => DeliverAsync(channel, message));
            channel.Queue = queue;
            return null;
        }
        catch (Exception e) when (RedisStateStore.IsOutage(e))
        {
            // The multiplexer may have kept the queue it could not subscribe, or may yet subscribe it late: forget it
            // here at once (the multiplexer does so before it writes UNSUBSCRIBE, which Redis gets after the SUBSCRIBE),
            // without waiting for Redis.
            try
            {
                _ = subscriber.UnsubscribeAsync(channel.Name).ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            catch (Exception again) when (RedisStateStore.IsOutage(again))
            {
            }

            return e;
        }
    }

    private async Task DeliverAsync(Channel channel, ChannelMessage message)
    {
        var bytes = (byte[]?)message.Message ?? [];
        foreach (var handler in channel.Handlers)
        {
            try
            {
                await handler.Invoke(bytes).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                RedisStateStore.LogHandlerFailed(logger, e);
            }
        }
    }

    /// <summary>One subscriber's handler (its own object, so that the same delegate subscribed twice is two).</summary>
    internal sealed class Handler(Func<ReadOnlyMemory<byte>, ValueTask> invoke)
    {
        public Func<ReadOnlyMemory<byte>, ValueTask> Invoke { get; } = invoke;
    }

    private sealed class Channel(RedisChannel name)
    {
        public RedisChannel Name { get; } = name;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ImmutableArray<Handler> Handlers { get; set; } = [];

        public ChannelMessageQueue? Queue { get; set; }

        public bool Closed { get; set; }
    }
}
