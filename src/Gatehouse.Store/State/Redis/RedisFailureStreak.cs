namespace Gatehouse.Store.State.Redis;

/// <summary>
/// Tells a Redis that stalls from a Redis that is gone: counts the calls that got no answer in time (or an error from
/// Redis) with no answered call in between, and says when they make <paramref name="limit"/> in a row. One stall (a GC
/// pause, a busy machine) fails every call in flight at once; it counts once: a failed call counts only if it started
/// after the last one that counted. Thread-safe; a success costs one read while there is no streak.
/// </summary>
internal sealed class RedisFailureStreak(int limit)
{
    private long _lastCountedAt = long.MinValue;
    private int _streak;

    /// <summary>Notes a call that started at <paramref name="startedAt"/> and failed at <paramref name="now"/>.</summary>
    /// <returns>True when the failures in a row have reached the limit.</returns>
    public bool Fail(long startedAt, long now)
    {
        var last = Volatile.Read(ref _lastCountedAt);
        if (startedAt <= last || Interlocked.CompareExchange(ref _lastCountedAt, now, last) != last)
        {
            return false; // a call of a stall already counted
        }

        return Interlocked.Increment(ref _streak) >= limit;
    }

    /// <summary>Redis answered a call: the failures so far were not in a row.</summary>
    public void Succeed()
    {
        if (Volatile.Read(ref _streak) != 0)
        {
            Volatile.Write(ref _streak, 0);
        }
    }
}
