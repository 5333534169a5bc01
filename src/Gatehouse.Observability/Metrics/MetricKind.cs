namespace Gatehouse.Observability.Metrics;

/// <summary>How a metric's samples are kept within a minute.</summary>
public enum MetricKind
{
    /// <summary>
    /// Each sample is 0 or 1 (AWS's <c>Count</c>, <c>4xx</c>, <c>Errors</c>...): two counters, so that Sum is the
    /// number of ones, SampleCount the number of samples and Average the rate.
    /// </summary>
    Flag,

    /// <summary>Any non-negative value (latencies, bytes): count, sum, minimum, maximum and a histogram for percentiles.</summary>
    Distribution,
}
