using System.Collections.Frozen;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.Functions.Metrics;

/// <summary>A function's metric series: unqualified invocations, each version and alias, and its concurrency.</summary>
public sealed class FunctionSeries(MetricSeries unqualified, MetricSeries concurrency, FrozenDictionary<string, MetricSeries> byQualifier)
{
    public MetricSeries Concurrency { get; } = concurrency;

    /// <summary>The series of an invocation by its qualifier (null: unqualified); a qualifier not known yet counts as unqualified.</summary>
    public MetricSeries For(string? qualifier) =>
        qualifier is not null && byQualifier.TryGetValue(qualifier, out var series) ? series : unqualified;
}
