using System.Globalization;
using System.Threading.RateLimiting;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// The control plane's request rate limit, like AWS's per-account limits on management calls: a token bucket that
/// answers 429 <c>TooManyRequestsException</c> with <c>Retry-After</c> when it is empty. The SDKs and the CLI retry
/// such answers with backoff. A rate of 0 turns the limit off.
/// </summary>
public sealed class ControlPlaneThrottle : IDisposable
{
    private readonly TokenBucketRateLimiter? _bucket;

    public ControlPlaneThrottle(double requestsPerSecond, int burst)
    {
        if (requestsPerSecond <= 0)
        {
            return;
        }

        var tokensPerTick = Math.Max(1, (int)Math.Round(requestsPerSecond / 10));
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(burst, tokensPerTick),
            TokensPerPeriod = tokensPerTick,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerTick / requestsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>Takes one token, or throws AWS's throttling error when there is none.</summary>
    public void Acquire()
    {
        if (_bucket is null)
        {
            return;
        }

        using var lease = _bucket.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
            throw new AwsException(429, "TooManyRequestsException", "Too Many Requests")
            {
                RetryAfterSeconds = retryAfter.ToString(CultureInfo.InvariantCulture),
            };
        }
    }

    public void Dispose() => _bucket?.Dispose();
}
