namespace Gatehouse.Observability.Metrics;

/// <summary>A dimension a listed metric must have: by name, and by value too when <see cref="Value"/> is set.</summary>
public readonly record struct DimensionFilter(string Name, string? Value);

/// <summary>
/// ListMetrics' question: metrics with data in the last two weeks (the last three hours when
/// <see cref="RecentlyActive"/>), of a namespace and name when given, having every dimension of the filters.
/// </summary>
public sealed record ListMetricsQuery(
    string? Namespace,
    string? MetricName,
    IReadOnlyList<DimensionFilter> Dimensions,
    bool RecentlyActive = false);
