namespace Gatehouse.Observability.Metrics;

/// <summary>
/// Adds up the closed-minute accumulators that count in one CloudWatch metric (every route of a stage for
/// <c>ApiId+Stage</c>...) and turns the total into a <see cref="MetricDatum"/>, its histogram into value/count pairs.
/// </summary>
internal sealed class DatumBuilder(MetricKind kind, string unit)
{
    private long _count;
    private long _ones;
    private long _zeros;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long[]? _buckets;

    public void Add(MetricAccumulator samples)
    {
        _count += samples.SampleCount;
        _ones += samples.Ones;
        _zeros += samples.Zeros;
        _sum += samples.Sum;
        _min = Math.Min(_min, samples.Minimum);
        _max = Math.Max(_max, samples.Maximum);
        if (samples.Buckets is { } buckets)
        {
            _buckets ??= new long[buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                _buckets[i] += buckets[i];
            }
        }
    }

    public MetricDatum Build(MetricKey key, DateTimeOffset timestamp)
    {
        var distribution = new List<MetricValueCount>();
        if (kind == MetricKind.Flag)
        {
            var zeros = _count - _ones;
            AddPair(distribution, 0, zeros);
            AddPair(distribution, 1, _ones);
            return new MetricDatum(key, timestamp, _count, _ones, zeros > 0 ? 0 : 1, _ones > 0 ? 1 : 0, unit, distribution);
        }

        AddPair(distribution, 0, _zeros);
        if (_buckets is { } buckets)
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                // The midpoint, but never outside what was recorded: the lowest and highest buckets report exactly.
                AddPair(distribution, Math.Clamp(LogLinearBuckets.MidpointOf(i), _min, _max), buckets[i]);
            }
        }

        return new MetricDatum(key, timestamp, _count, _sum, _min, _max, unit, distribution);
    }

    private static void AddPair(List<MetricValueCount> distribution, double value, long count)
    {
        if (count > 0)
        {
            distribution.Add(new MetricValueCount(value, count));
        }
    }
}
