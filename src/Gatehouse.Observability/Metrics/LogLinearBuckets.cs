namespace Gatehouse.Observability.Metrics;

/// <summary>
/// A fixed log-linear histogram layout: every power of two from 2^-10 to 2^27 is cut into 32 equal buckets, found from
/// a double's exponent and top five mantissa bits (no logarithm). A bucket's midpoint stands for its values, so a
/// percentile is off by at most half a bucket: 1/64 of the value (1.6 %). Milliseconds from about a microsecond to 37
/// hours and bytes up to 128 MB fit; smaller values share the first bucket and larger ones the last (the reported
/// value is then clamped to the period's exact minimum and maximum).
/// </summary>
internal static class LogLinearBuckets
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MinExponent = -10;
    private const int MaxExponent = 27;

    public const int Count = (MaxExponent - MinExponent) * SubBuckets;

    /// <summary>The bucket of a positive, finite value.</summary>
    public static int IndexOf(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        if (exponent < MinExponent)
        {
            return 0;
        }

        if (exponent >= MaxExponent)
        {
            return Count - 1;
        }

        var sub = (int)((bits >> (52 - SubBucketBits)) & (SubBuckets - 1));
        return ((exponent - MinExponent) << SubBucketBits) | sub;
    }

    /// <summary>The value that stands for a bucket: its midpoint.</summary>
    public static double MidpointOf(int index)
    {
        var exponent = (index >> SubBucketBits) + MinExponent;
        var sub = index & (SubBuckets - 1);
        return Math.ScaleB(1 + ((sub + 0.5) / SubBuckets), exponent);
    }
}
