namespace Gatehouse.Observability.Metrics;

/// <summary>
/// Writes one request's (or invocation's) samples into the minute its series opened for it; dispose it to leave the
/// slot. A default writer (no open minute) ignores what it is given.
/// </summary>
public readonly ref struct SeriesWriter
{
    private readonly MetricAccumulator[]? _metrics;
    private readonly MetricSeries.Slot? _slot;

    internal SeriesWriter(MetricAccumulator[] metrics, MetricSeries.Slot slot)
    {
        _metrics = metrics;
        _slot = slot;
    }

    /// <summary>False when the sample has nowhere to go (counted in <see cref="MetricSeries.Dropped"/>).</summary>
    public bool IsOpen => _slot is not null;

    /// <summary>A 0/1 sample of the <see cref="MetricKind.Flag"/> metric at <paramref name="metric"/>.</summary>
    public void RecordFlag(int metric, bool set) => _metrics?[metric].RecordFlag(set);

    /// <summary>A value of the <see cref="MetricKind.Distribution"/> metric at <paramref name="metric"/>.</summary>
    public void Record(int metric, double value) => _metrics?[metric].Record(value);

    public void Dispose()
    {
        if (_slot is { } slot)
        {
            Interlocked.Decrement(ref slot.Writers);
        }
    }
}
