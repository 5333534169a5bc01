namespace Gatehouse.Observability.Metrics;

/// <summary>
/// A question GetMetricStatistics asks (and an alarm asks at each evaluation): the datapoints of one metric between
/// two times, aggregated by period, with the percentiles wanted (<c>p99</c> is 99.0). <see cref="Unit"/> null means
/// any unit.
/// </summary>
public sealed record StatisticsQuery(
    MetricKey Metric,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int PeriodSeconds,
    IReadOnlyList<double> Percentiles,
    string? Unit = null);

/// <summary>
/// The statistics of one period: its start, the sample count, sum, minimum and maximum of the values recorded in it,
/// their unit, and the percentiles asked for, in the order of <see cref="StatisticsQuery.Percentiles"/>.
/// </summary>
public sealed record PeriodStatistics(
    DateTimeOffset Timestamp,
    double SampleCount,
    double Sum,
    double Minimum,
    double Maximum,
    string Unit,
    IReadOnlyList<double> PercentileValues)
{
    public double Average => SampleCount == 0 ? 0 : Sum / SampleCount;

    /// <summary>
    /// A statistic by its CloudWatch name (<c>SampleCount</c>, <c>Average</c>, <c>Sum</c>, <c>Minimum</c>, <c>Maximum</c>);
    /// any other name is the first percentile asked for (NaN when there is none).
    /// </summary>
    public double ValueOf(string statistic) => statistic switch
    {
        "SampleCount" => SampleCount,
        "Average" => Average,
        "Sum" => Sum,
        "Minimum" => Minimum,
        "Maximum" => Maximum,
        _ => PercentileValues.Count > 0 ? PercentileValues[0] : double.NaN,
    };
}

/// <summary>The metric store as its readers see it: CloudWatch's Get* operations and alarm evaluation.</summary>
public interface IMetricStatistics
{
    /// <summary>The periods of the query that have data, oldest first; periods without data are absent.</summary>
    Task<IReadOnlyList<PeriodStatistics>> GetStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken);
}
