using System.Diagnostics;
using Gatehouse.Store.State;

namespace Gatehouse.IntegrationTests.State;

/// <summary>
/// Attempts on one token bucket, each with the moments it was sent and answered, and the range of admissions a token
/// bucket allows for them. The range holds however the machine stalls: Redis counts each attempt at some moment
/// between its send and its answer, and a stall only loses tokens once the bucket is full (no attempt for
/// (burst - 1) / rate seconds), which the lower bound accounts for.
/// </summary>
public sealed class AdmissionLog
{
    private readonly List<Attempt> _attempts = [];

    public int Admitted
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.Count(a => a.Admitted);
            }
        }
    }

    public int Attempts
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.Count;
            }
        }
    }

    public async Task<bool> TakeAsync(IStateStore store, BucketClaim claim)
    {
        var sent = Stopwatch.GetTimestamp();
        var admitted = await store.TryTakeTokenAsync(claim) == TokenTake.Taken;
        var answered = Stopwatch.GetTimestamp();
        lock (_attempts)
        {
            _attempts.Add(new Attempt(sent, answered, admitted));
        }

        return admitted;
    }

    /// <summary>The fewest and most admissions a bucket of these limits, full at the first attempt, allows.</summary>
    public (int Min, int Max) Allowed(TokenBucketLimits limits, int tolerance = 1)
    {
        List<Attempt> attempts;
        lock (_attempts)
        {
            attempts = [.. _attempts.OrderBy(a => a.Sent)];
        }

        var most = limits.Burst + (limits.RatePerSecond * Seconds(attempts.Max(a => a.Answered) - attempts[0].Sent));
        var fewest = limits.Burst + (limits.RatePerSecond * Seconds(attempts[^1].Sent - attempts.Min(a => a.Answered)));
        var fullAfter = Math.Max(0, limits.Burst - 1) / limits.RatePerSecond;
        for (var i = 1; i < attempts.Count; i++)
        {
            var idle = Seconds(attempts[i].Answered - attempts[i - 1].Sent);
            fewest -= Math.Max(0, idle - fullAfter) * limits.RatePerSecond;
        }

        return ((int)Math.Floor(fewest) - tolerance, (int)Math.Ceiling(most) + tolerance);
    }

    public string Describe(TokenBucketLimits limits)
    {
        var (min, max) = Allowed(limits);
        return $"{Admitted} admitted of {Attempts} attempts; a bucket of rate {limits.RatePerSecond} and burst {limits.Burst} allows {min} to {max}";
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private readonly record struct Attempt(long Sent, long Answered, bool Admitted);
}
