using Gatehouse.Model.HttpApis;

namespace Gatehouse.Store;

/// <summary>A committed change to one API: its new document, or null when the API was deleted.</summary>
public sealed record ConfigChange(string ApiId, ApiDocument? Document);

/// <summary>
/// Tells subscribers about committed changes, in commit order, and waits for them: the control plane answers only
/// after the data plane has swapped in what the write made live.
/// </summary>
public sealed class ChangeFeed : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _order = new(1, 1);
    private Func<ConfigChange, CancellationToken, Task>[] _subscribers = [];

    public IDisposable Subscribe(Func<ConfigChange, CancellationToken, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onChange];
        }

        return new Subscription(this, onChange);
    }

    public async Task PublishAsync(ConfigChange change, CancellationToken cancellationToken)
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

    private void Unsubscribe(Func<ConfigChange, CancellationToken, Task> onChange)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != onChange)];
        }
    }

    private sealed class Subscription(ChangeFeed feed, Func<ConfigChange, CancellationToken, Task> onChange) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(onChange);
    }
}
