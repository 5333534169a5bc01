using System.Buffers.Binary;

namespace Gatehouse.Observability.Metrics;

/// <summary>
/// The values of a datapoint as sorted value/count pairs: merged across writes, kept as a compact blob (16 bytes a
/// pair), and read for percentiles by nearest rank, as CloudWatch computes them. Past <see cref="MaxDistinctValues"/>
/// distinct values the pairs are folded into logarithmic buckets 2% wide (a percentile is then within 1%), so a busy
/// metric's minute stays small however many requests it counts.
/// </summary>
internal static class MetricDistribution
{
    public const int MaxDistinctValues = 2048;

    private const double BucketRatio = 1.02;

    private static readonly double LogBucketRatio = Math.Log(BucketRatio);

    /// <summary>Sorts the pairs by value and adds up the counts of equal values; pairs with no count are dropped.</summary>
    public static List<MetricValueCount> Normalize(IEnumerable<MetricValueCount> pairs)
    {
        var sorted = pairs.Where(p => p.Count > 0).OrderBy(p => p.Value).ToList();
        var result = new List<MetricValueCount>(sorted.Count);
        foreach (var pair in sorted)
        {
            if (result.Count > 0 && result[^1].Value == pair.Value)
            {
                result[^1] = new MetricValueCount(pair.Value, result[^1].Count + pair.Count);
            }
            else
            {
                result.Add(pair);
            }
        }

        return result.Count > MaxDistinctValues ? Fold(result) : result;
    }

    /// <summary>Both distributions as one.</summary>
    public static List<MetricValueCount> Merge(IReadOnlyList<MetricValueCount> left, IReadOnlyList<MetricValueCount> right) =>
        Normalize(left.Concat(right));

    /// <summary>The sum of the counts.</summary>
    public static double Total(IReadOnlyList<MetricValueCount> pairs)
    {
        var total = 0.0;
        foreach (var pair in pairs)
        {
            total += pair.Count;
        }

        return total;
    }

    /// <summary>
    /// The nearest-rank percentile (<paramref name="percentile"/> in 0–100) of sorted pairs: the smallest value whose
    /// cumulative count reaches <c>ceil(p/100 × N)</c>. NaN for an empty distribution.
    /// </summary>
    public static double Percentile(IReadOnlyList<MetricValueCount> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var total = Total(sorted);
        var rank = percentile / 100 * total;
        // Whole-sample counts get an integer rank (nearest rank); fractional counts keep the exact one.
        if (Math.Abs(total - Math.Round(total)) < 1e-9)
        {
            rank = Math.Ceiling(rank - 1e-9);
        }

        var cumulative = 0.0;
        foreach (var pair in sorted)
        {
            cumulative += pair.Count;
            if (cumulative >= rank - 1e-9)
            {
                return pair.Value;
            }
        }

        return sorted[^1].Value;
    }

    public static byte[] Encode(IReadOnlyList<MetricValueCount> pairs)
    {
        var bytes = new byte[pairs.Count * 16];
        for (var i = 0; i < pairs.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 16), pairs[i].Value);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan((i * 16) + 8), pairs[i].Count);
        }

        return bytes;
    }

    public static List<MetricValueCount> Decode(ReadOnlySpan<byte> bytes)
    {
        var pairs = new List<MetricValueCount>(bytes.Length / 16);
        for (var offset = 0; offset + 16 <= bytes.Length; offset += 16)
        {
            pairs.Add(new MetricValueCount(
                BinaryPrimitives.ReadDoubleLittleEndian(bytes[offset..]),
                BinaryPrimitives.ReadDoubleLittleEndian(bytes[(offset + 8)..])));
        }

        return pairs;
    }

    /// <summary>Folds sorted pairs into logarithmic buckets, each represented by its geometric middle.</summary>
    private static List<MetricValueCount> Fold(List<MetricValueCount> sorted)
    {
        var buckets = new List<MetricValueCount>();
        foreach (var pair in sorted)
        {
            var value = BucketValue(pair.Value);
            if (buckets.Count > 0 && buckets[^1].Value == value)
            {
                buckets[^1] = new MetricValueCount(value, buckets[^1].Count + pair.Count);
            }
            else
            {
                buckets.Add(new MetricValueCount(value, pair.Count));
            }
        }

        return buckets;
    }

    private static double BucketValue(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }

        var magnitude = Math.Abs(value);
        var index = Math.Round(Math.Log(magnitude) / LogBucketRatio);
        return Math.CopySign(Math.Exp(index * LogBucketRatio), value);
    }
}
