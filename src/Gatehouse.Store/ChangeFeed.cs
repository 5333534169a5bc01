namespace Gatehouse.Store;

/// <summary>
/// Tells subscribers about committed changes, in commit order, and waits for them: the control plane answers only
/// after the subscribers (the data plane, the function runtime) have swapped in what the write made live.
/// </summary>
public sealed class ChangeFeed<TChange> : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _order = new(1, 1);
    private Func<TChange, CancellationToken, Task>[] _subscribers = [];

    public IDisposable Subscribe(Func<TChange, CancellationToken, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Subscription(this, onChange);
    }

    public async Task PublishAsync(TChange change, CancellationToken cancellationToken)
    {
        await _order.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                await subscriber(change, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _order.Release();
        }
    }

    public void Dispose() => _order.Dispose();

    private void Unsubscribe(Func<TChange, CancellationToken, Task> onChange)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onChange)];
        }
    }

    private sealed class Subscription(ChangeFeed<TChange> feed, Func<TChange, CancellationToken, Task> onChange) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(onChange);
    }
}
