namespace Gatehouse.Observability.Metrics;

/// <summary>
/// One datapoint as CloudWatch keeps it: a metric's values over one period starting at <see cref="Timestamp"/> (one
/// minute for the gateway's own metrics), as count, sum, minimum and maximum, and their distribution as value/count
/// pairs (the <c>Values</c>/<c>Counts</c> of PutMetricData), from which percentiles are computed. A distribution may be
/// empty (PutMetricData with <c>StatisticValues</c> only): percentiles of such datapoints are not available.
/// </summary>
public sealed record MetricDatum(
    MetricKey Metric,
    DateTimeOffset Timestamp,
    double SampleCount,
    double Sum,
    double Minimum,
    double Maximum,
    string Unit,
    IReadOnlyList<MetricValueCount> Distribution);

/// <summary>A value and how many samples had it (or fell in the histogram bucket it stands for).</summary>
public readonly record struct MetricValueCount(double Value, double Count);

/// <summary>Where datapoints go: the metric store, from the gateway's one-minute aggregation and from PutMetricData.</summary>
public interface IMetricSink
{
    /// <summary>Adds the datapoints; datapoints of one metric and period are merged with what is already there.</summary>
    Task WriteAsync(IReadOnlyList<MetricDatum> data, CancellationToken cancellationToken);
}
