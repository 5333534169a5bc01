using Gatehouse.Store.State;

namespace Gatehouse.UnitTests.Store.State;

/// <summary>The token bucket arithmetic behind API Gateway's rate and burst limits (api-gateway-request-throttling).</summary>
public sealed class TokenBucketTests
{
    private const long Second = 1_000_000;

    private static int Admitted(ref TokenBucket bucket, TokenBucketLimits limits, long now, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            if (bucket.TryTake(limits, now, Second))
            {
                admitted++;
            }
        }

        return admitted;
    }

    [Fact]
    public void TryTake_NewBucket_AdmitsTheBurstAtOnce()
    {
        var bucket = default(TokenBucket);

        Assert.Equal(500, Admitted(ref bucket, new TokenBucketLimits(1000, 500), now: 0, attempts: 800));
    }

    [Fact]
    public void TryTake_AfterTheBurst_RefillsAtTheRate()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(100, 10);
        Admitted(ref bucket, limits, 0, 10);

        Assert.Equal(5, Admitted(ref bucket, limits, Second / 20, 100)); // 50 ms at 100/s
    }

    [Fact]
    public void TryTake_LongIdle_RefillsNoMoreThanTheBurst()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(100, 10);
        Admitted(ref bucket, limits, 0, 10);

        Assert.Equal(10, Admitted(ref bucket, limits, 3600 * Second, 100));
    }

    [Fact]
    public void TryTake_FractionalRate_AccumulatesFractions()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(0.5, 1);
        Assert.True(bucket.TryTake(limits, 0, Second));

        Assert.False(bucket.TryTake(limits, Second, Second));      // half a token
        Assert.True(bucket.TryTake(limits, 2 * Second, Second));   // the second half arrived
        Assert.False(bucket.TryTake(limits, 2 * Second, Second));
    }

    [Fact]
    public void TryTake_ZeroBurst_AdmitsNothing()
    {
        var bucket = default(TokenBucket);

        Assert.Equal(0, Admitted(ref bucket, new TokenBucketLimits(1000, 0), 0, 10));
    }

    [Fact]
    public void TryTake_ZeroRate_AdmitsOnlyTheBurst()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(0, 3);

        Assert.Equal(3, Admitted(ref bucket, limits, 0, 10));
        Assert.Equal(0, Admitted(ref bucket, limits, 100 * Second, 10));
    }

    [Fact]
    public void TryTake_ClockGoesBackwards_RefillsNothingAndCountsFromThen()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(10, 10);
        Admitted(ref bucket, limits, 100 * Second, 10);

        Assert.Equal(0, Admitted(ref bucket, limits, 50 * Second, 5));
        Assert.Equal(5, Admitted(ref bucket, limits, 50 * Second + Second / 2, 10)); // half a second from the new time
    }

    [Fact]
    public void TryTake_LimitsLowered_TokensCappedAtTheNewBurst()
    {
        var bucket = default(TokenBucket);
        bucket.TryTake(new TokenBucketLimits(1000, 500), 0, Second);

        Assert.Equal(2, Admitted(ref bucket, new TokenBucketLimits(1, 2), 0, 10));
    }

    [Fact]
    public void TryTake_SustainedOverload_AdmitsTheRatePlusTheBurst()
    {
        var bucket = default(TokenBucket);
        var limits = new TokenBucketLimits(1000, 500);
        var admitted = 0;
        for (long t = 0; t < 10 * Second; t += Second / 3000) // 3,000 requests a second for 10 s
        {
            admitted += bucket.TryTake(limits, t, Second) ? 1 : 0;
        }

        Assert.InRange(admitted, 10_490, 10_510); // 10 s at 1,000/s plus the burst of 500
    }

    [Theory]
    [InlineData(-1, 1, false)]
    [InlineData(1, -1, false)]
    [InlineData(double.NaN, 1, false)]
    [InlineData(double.PositiveInfinity, 1, false)]
    [InlineData(0.5, 0, true)]
    public void Limits_IsValid(double rate, double burst, bool valid) => Assert.Equal(valid, new TokenBucketLimits(rate, burst).IsValid);
}
