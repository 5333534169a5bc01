using System.Collections.Immutable;

namespace Gatehouse.Observability.Metrics;

/// <summary>
/// One metric of a <see cref="MetricSeries"/>: how its samples are kept, their unit, and the CloudWatch metrics
/// (one per dimension set) its samples count in. A request recorded once in a route's series counts in
/// <c>ApiId</c>, <c>ApiId+Stage</c> and <c>ApiId+Stage+Route</c>: the aggregator adds the series up per key.
/// </summary>
public sealed record SeriesMetric(MetricKind Kind, string Unit, ImmutableArray<MetricKey> Keys);
