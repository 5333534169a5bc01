using System.Collections.Concurrent;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// Concurrent calls for one key share one run of their work: an authorizer's cache misses for one identity under load
/// start its function once, not once per waiting request.
/// </summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, Task<T>> _flights = new(StringComparer.Ordinal);

    /// <summary>
    /// The result of <paramref name="work"/> for <paramref name="key"/>: this call's own run, or (<c>Shared</c>) the run
    /// already in flight, which this caller stops waiting for when <paramref name="waiting"/> is cancelled. A run is
    /// tied to no caller's cancellation: <paramref name="work"/> chooses its own.
    /// </summary>
    public async Task<(T Result, bool Shared)> RunAsync(string key, Func<Task<T>> work, CancellationToken waiting)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flight = _flights.GetOrAdd(key, mine.Task);
        if (flight != mine.Task)
        {
            return (await flight.WaitAsync(waiting), true);
        }

        try
        {
            var result = await work();
            mine.SetResult(result);
            return (result, false);
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<string, Task<T>>(key, mine.Task));
        }
    }
}
