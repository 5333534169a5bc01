namespace Gatehouse.Observability.Metrics;

/// <summary>
/// One metric's samples within one minute, updated by any number of threads with interlocked operations only:
/// count, sum, minimum and maximum (by compare-and-swap), and for distributions a histogram (4.7 KB, allocated with
/// the first sample and reused minute after minute while samples keep coming, so that recording allocates nothing).
/// Read and reset only by the aggregator, once every writer has left the slot (<see cref="MetricSeries"/>).
/// </summary>
internal sealed class MetricAccumulator(MetricKind kind)
{
    private long _count;
    private long _ones;
    private long _zeros;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private int[]? _buckets;

    public MetricKind Kind { get; } = kind;

    public long SampleCount => Volatile.Read(ref _count);

    public long Ones => _ones;

    public long Zeros => _zeros;

    public double Sum => _sum;

    public double Minimum => _min;

    public double Maximum => _max;

    /// <summary>The histogram's counts, or null when no positive value was ever recorded.</summary>
    public int[]? Buckets => _buckets;

    public void RecordFlag(bool set)
    {
        Interlocked.Increment(ref _count);
        if (set)
        {
            Interlocked.Increment(ref _ones);
        }
    }

    /// <summary>Adds a value; a negative one counts as 0, a NaN or infinity is ignored (false).</summary>
    public bool Record(double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        if (value <= 0)
        {
            value = 0;
            Interlocked.Increment(ref _zeros);
        }
        else
        {
            var buckets = _buckets ?? CreateBuckets();
            Interlocked.Increment(ref buckets[LogLinearBuckets.IndexOf(value)]);
        }

        Interlocked.Increment(ref _count);
        Add(ref _sum, value);
        LowerTo(ref _min, value);
        RaiseTo(ref _max, value);
        return true;
    }

    /// <summary>
    /// Back to empty. Only when no writer is in the slot. The histogram's array is kept for reuse while the metric is
    /// busy and let go after a minute without samples, so that idle routes hold no histograms.
    /// </summary>
    public void Reset()
    {
        if (_count == 0)
        {
            _buckets = null;
        }

        _count = 0;
        _ones = 0;
        _zeros = 0;
        _sum = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        if (_buckets is { } buckets)
        {
            Array.Clear(buckets);
        }
    }

    private int[] CreateBuckets()
    {
        var created = new int[LogLinearBuckets.Count];
        return Interlocked.CompareExchange(ref _buckets, created, null) ?? created;
    }

    private static void Add(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    private static void LowerTo(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    private static void RaiseTo(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
