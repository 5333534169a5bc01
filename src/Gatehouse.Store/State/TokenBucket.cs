namespace Gatehouse.Store.State;

/// <summary>
/// A token bucket's limits as API Gateway states them: <c>ThrottlingRateLimit</c> tokens added per second (fractions
/// allowed) and <c>ThrottlingBurstLimit</c>, the bucket's size. A request takes one token or is throttled.
/// </summary>
public readonly record struct TokenBucketLimits(double RatePerSecond, double Burst)
{
    public bool IsValid => RatePerSecond >= 0 && Burst >= 0 && double.IsFinite(RatePerSecond) && double.IsFinite(Burst);
}

/// <summary>
/// The state of one bucket: tokens left and when they were counted (in <see cref="TimeProvider"/> timestamp ticks). A
/// new bucket starts full. Pure arithmetic, shared by every state store so that they all admit the same requests.
/// </summary>
public struct TokenBucket
{
    private double _tokens;
    private long _updatedAt;
    private bool _started;

    /// <summary>The tokens left at the last update (before refilling to now).</summary>
    public readonly double Tokens => _tokens;

    /// <summary>
    /// Refills for the time since the last update (never above the burst; a clock that went backwards refills nothing
    /// and restarts the count from now), then takes one token if there is one.
    /// </summary>
    public bool TryTake(in TokenBucketLimits limits, long now, long ticksPerSecond)
    {
        if (Refill(limits, now, ticksPerSecond) < 1)
        {
            return false;
        }

        Take();
        return true;
    }

    /// <summary>
    /// Brings the bucket to <paramref name="now"/>: adds the tokens earned since the last update, up to the burst, and
    /// returns how many there are. A new bucket starts full.
    /// </summary>
    public double Refill(in TokenBucketLimits limits, long now, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        if (!_started)
        {
            _started = true;
            _tokens = limits.Burst;
        }
        else if (now > _updatedAt)
        {
            var elapsedSeconds = (double)(now - _updatedAt) / ticksPerSecond;
            _tokens = Math.Min(limits.Burst, _tokens + elapsedSeconds * limits.RatePerSecond);
        }
        else
        {
            _tokens = Math.Min(_tokens, limits.Burst);
        }

        _updatedAt = now;
        return _tokens;
    }

    /// <summary>Takes one token; call after <see cref="Refill"/> said there is one.</summary>
    public void Take() => _tokens -= 1;
}
