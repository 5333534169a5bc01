using System.Collections.Immutable;

namespace Gatehouse.Observability.Metrics;

/// <summary>One dimension of a metric, as CloudWatch names it (<c>ApiId</c> = <c>a1b2c3d4e5</c>).</summary>
public readonly record struct MetricDimension(string Name, string Value);

/// <summary>
/// A CloudWatch metric: namespace, name and dimensions. Two keys are equal when their namespace, name and dimension set
/// are equal; the dimensions are kept sorted by name (CloudWatch treats them as a set).
/// </summary>
public sealed record MetricKey
{
    public MetricKey(string @namespace, string metricName, IEnumerable<MetricDimension> dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentNullException.ThrowIfNull(dimensions);
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = [.. dimensions.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    public string Namespace { get; }

    public string MetricName { get; }

    public ImmutableArray<MetricDimension> Dimensions { get; }

    public bool Equals(MetricKey? other) =>
        other is not null &&
        Namespace == other.Namespace &&
        MetricName == other.MetricName &&
        Dimensions.SequenceEqual(other.Dimensions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Namespace);
        hash.Add(MetricName);
        foreach (var dimension in Dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }
}
