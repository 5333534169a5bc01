using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>The shapes CloudWatch's operations share: units, statistics, dimensions, metrics, and their limits.</summary>
internal static partial class CloudWatchShapes
{
    public static readonly IReadOnlyList<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
    ];

    public static readonly IReadOnlyList<string> Statistics = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

    public const int MaxDimensions = 30;

    /// <summary>A percentile statistic: <c>p0</c> to <c>p100</c>, with up to ten decimals (<c>p99.9</c>).</summary>
    [GeneratedRegex(@"^p(\d{1,2}(\.\d{0,10})?|100(\.0{0,10})?)$")]
    public static partial Regex Percentile();

    /// <summary>The percentile of <c>p99.9</c>: 99.9; null when the text is not a percentile statistic.</summary>
    public static double? PercentileOf(string statistic) =>
        Percentile().IsMatch(statistic) ? double.Parse(statistic[1..], System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The dimensions of a metric: at most 30, each with a name (1–255) and a value (1–1024), names unique.</summary>
    public static List<MetricDimension> Dimensions(QueryValidator v, ICloudWatchInput input, string member = "Dimensions")
    {
        var list = input.List(member) ?? [];
        if (list.Count > MaxDimensions)
        {
            v.Fail(input.PathOf(member), null, $"Member must have length less than or equal to {MaxDimensions}");
        }

        var dimensions = new List<MetricDimension>();
        foreach (var item in list)
        {
            var name = v.Required(item.PathOf("Name"), item.String("Name"), 1, 255);
            var value = v.Required(item.PathOf("Value"), item.String("Value"), 1, 1024);
            if (name is not null && value is not null)
            {
                if (dimensions.Any(d => d.Name == name))
                {
                    throw CloudWatchErrors.InvalidValue($"The dimension name {name} appears more than once in {input.PathOf(member)}.");
                }

                dimensions.Add(new MetricDimension(name, value));
            }
        }

        return dimensions;
    }

    /// <summary>A metric: namespace, name and dimensions, all required but the dimensions.</summary>
    public static MetricKey? Metric(QueryValidator v, ICloudWatchInput input)
    {
        var ns = Namespace(v, input, required: true);
        var name = v.Required(input.PathOf("MetricName"), input.String("MetricName"), 1, 255);
        var dimensions = Dimensions(v, input);
        return ns is null || name is null ? null : new MetricKey(ns, name, dimensions);
    }

    public static string? Namespace(QueryValidator v, ICloudWatchInput input, bool required)
    {
        var path = input.PathOf("Namespace");
        var value = input.String("Namespace");
        return required
            ? v.Required(path, value, 1, 255, NamespacePattern(), "[^:].*")
            : v.Optional(path, value, 1, 255, NamespacePattern(), "[^:].*");
    }

    public static string? Unit(QueryValidator v, ICloudWatchInput input, string member = "Unit") =>
        v.OneOf(input.PathOf(member), input.String(member), Units, required: false);

    public static void WriteMetric(IShapeWriter w, MetricKey metric)
    {
        w.String("Namespace", metric.Namespace);
        w.String("MetricName", metric.MetricName);
        w.List("Dimensions", metric.Dimensions, (d, dimension) =>
        {
            d.String("Name", dimension.Name);
            d.String("Value", dimension.Value);
        });
    }

    [GeneratedRegex(@"^[^:].*$", RegexOptions.Singleline)]
    private static partial Regex NamespacePattern();
}
