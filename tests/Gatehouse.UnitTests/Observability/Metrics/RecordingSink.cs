using System.Collections.Concurrent;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Metrics;

/// <summary>The metric store as the tests see it: every datapoint written, in order; optionally held until released.</summary>
public sealed class RecordingSink : IMetricSink
{
    private readonly ConcurrentQueue<MetricDatum> _data = new();

    /// <summary>While set and not completed, writes wait for it (a slow store).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>How many writes fail before they succeed (a failing store).</summary>
    public int FailuresLeft { get; set; }

    public int Writes { get; private set; }

    public IReadOnlyList<MetricDatum> Data => [.. _data];

    public async Task WriteAsync(IReadOnlyList<MetricDatum> data, CancellationToken cancellationToken)
    {
        Writes++;
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new IOException("store unavailable");
        }

        foreach (var datum in data)
        {
            _data.Enqueue(datum);
        }
    }

    /// <summary>The datapoints of one metric with exactly these dimensions (name=value pairs).</summary>
    public IReadOnlyList<MetricDatum> Of(string metricName, params string[] dimensions) => Find(Data, metricName, dimensions);

    public static IReadOnlyList<MetricDatum> Find(IEnumerable<MetricDatum> data, string metricName, params string[] dimensions)
    {
        var wanted = dimensions.Select(d => d.Split('=', 2)).Select(p => new MetricDimension(p[0], p[1])).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        return [.. data.Where(d => d.Metric.MetricName == metricName && d.Metric.Dimensions.SequenceEqual(wanted))];
    }
}
