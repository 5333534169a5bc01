using System.Globalization;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>PutMetricData, GetMetricStatistics and ListMetrics.</summary>
public sealed partial class CloudWatchApi
{
    private const int MaxMetricData = 1000;
    private const int MaxValues = 150;
    private const int MaxDatapoints = 1440;
    private const int ListMetricsPageSize = 500;

    /// <summary>CloudWatch rejects values of magnitude outside [8.515920e-109, 1.174271e+108] (zero aside).</summary>
    private const double SmallestMagnitude = 8.515920e-109;
    private const double LargestMagnitude = 1.174271e+108;

    private static readonly string[] StatisticSetMembers = ["SampleCount", "Sum", "Minimum", "Maximum"];

    private static readonly TimeSpan MaxFuture = TimeSpan.FromHours(2);
    private static readonly TimeSpan MaxPast = TimeSpan.FromDays(14);

    private async Task<Action<IShapeWriter>?> PutMetricDataAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var ns = CloudWatchShapes.Namespace(v, input, required: true);
        var items = input.List("MetricData");
        if (items is null)
        {
            v.Required("MetricData", null, 0, 0);
        }
        else if (items.Count is 0 or > MaxMetricData)
        {
            v.Fail("MetricData", null, $"Member must have length between 1 and {MaxMetricData}");
        }

        var parsed = (items ?? []).Select(item => ReadDatum(v, item)).ToList();
        v.ThrowIfInvalid();
        if (ns!.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw CloudWatchErrors.InvalidValue($"The value {ns} for parameter Namespace is invalid: the namespaces that start with AWS/ are reserved for AWS services.");
        }

        var now = Now();
        var data = parsed.Select((datum, i) => ToDatum(ns, datum, items![i], now)).ToList();
        await metrics.WriteAsync(data, cancellationToken);
        return null;
    }

    private static ParsedDatum ReadDatum(QueryValidator v, ICloudWatchInput item)
    {
        var name = v.Required(item.PathOf("MetricName"), item.String("MetricName"), 1, 255);
        var dimensions = CloudWatchShapes.Dimensions(v, item);
        var unit = CloudWatchShapes.Unit(v, item);
        var statistics = item.Structure("StatisticValues");
        double?[]? set = null;
        if (statistics is not null)
        {
            set = [.. StatisticSetMembers.Select(member =>
            {
                var value = statistics.Double(member);
                if (value is null)
                {
                    v.Required(statistics.PathOf(member), null, 0, 0);
                }

                return value;
            })];
        }

        var resolution = item.Int("StorageResolution");
        if (resolution is not null and not 1 and not 60)
        {
            v.Fail(item.PathOf("StorageResolution"), resolution.Value.ToString(CultureInfo.InvariantCulture), "Member must be 1 or 60");
        }

        return new ParsedDatum(name, dimensions, unit, item.Timestamp("Timestamp"), item.Double("Value"), item.DoubleList("Values"), item.DoubleList("Counts"), set);
    }

    private static MetricDatum ToDatum(string ns, ParsedDatum d, ICloudWatchInput item, DateTimeOffset now)
    {
        var timestamp = d.Timestamp ?? now;
        if (timestamp > now + MaxFuture)
        {
            throw CloudWatchErrors.InvalidValue($"The parameter {item.PathOf("Timestamp")} must specify a time no more than two hours in the future.");
        }

        if (timestamp < now - MaxPast)
        {
            throw CloudWatchErrors.InvalidValue($"The parameter {item.PathOf("Timestamp")} must specify a time within the past two weeks.");
        }

        var given = new[] { ("Value", d.Value is not null), ("Values", d.Values is not null), ("StatisticValues", d.StatisticSet is not null) }
            .Where(g => g.Item2).Select(g => item.PathOf(g.Item1)).ToList();
        if (given.Count == 0)
        {
            throw new AwsException(400, "MissingParameter",
                $"One of the parameters {item.PathOf("Value")}, {item.PathOf("Values")} or {item.PathOf("StatisticValues")} must be specified.");
        }

        if (given.Count > 1)
        {
            throw CloudWatchErrors.Combination($"The parameters {given[0]} and {given[1]} are mutually exclusive and you have specified both.");
        }

        if (d.Counts is not null && d.Values is null)
        {
            throw CloudWatchErrors.Combination($"The parameter {item.PathOf("Counts")} needs {item.PathOf("Values")}.");
        }

        var metric = new MetricKey(ns, d.Name!, d.Dimensions);
        var unit = d.Unit ?? "None";
        if (d.Value is { } value)
        {
            CheckValue(item.PathOf("Value"), value);
            return new MetricDatum(metric, timestamp, 1, value, value, value, unit, [new MetricValueCount(value, 1)]);
        }

        if (d.Values is { } values)
        {
            if (values.Count is 0 or > MaxValues)
            {
                throw CloudWatchErrors.InvalidValue($"The parameter {item.PathOf("Values")} must hold between 1 and {MaxValues} values.");
            }

            if (d.Counts is { } counts && counts.Count != values.Count)
            {
                throw CloudWatchErrors.InvalidValue($"The parameters {item.PathOf("Values")} and {item.PathOf("Counts")} must be of the same size.");
            }

            var pairs = new List<MetricValueCount>(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                CheckValue($"{item.PathOf("Values")}.member.{i + 1}", values[i]);
                var count = d.Counts?[i] ?? 1;
                if (!double.IsFinite(count) || count < 0)
                {
                    throw CloudWatchErrors.InvalidValue($"{item.PathOf("Counts")}.member.{i + 1}", count.ToString(CultureInfo.InvariantCulture));
                }

                pairs.Add(new MetricValueCount(values[i], count));
            }

            var total = pairs.Sum(p => p.Count);
            var present = pairs.Where(p => p.Count > 0).ToList();
            if (total <= 0)
            {
                throw CloudWatchErrors.InvalidValue($"The parameter {item.PathOf("Counts")} must count at least one sample.");
            }

            return new MetricDatum(metric, timestamp, total, pairs.Sum(p => p.Value * p.Count), present.Min(p => p.Value), present.Max(p => p.Value), unit, pairs);
        }

        var set = d.StatisticSet!;
        var (sampleCount, sum, minimum, maximum) = (set[0]!.Value, set[1]!.Value, set[2]!.Value, set[3]!.Value);
        var statisticsPath = item.PathOf("StatisticValues");
        CheckValue(statisticsPath + ".Sum", sum);
        CheckValue(statisticsPath + ".Minimum", minimum);
        CheckValue(statisticsPath + ".Maximum", maximum);
        if (!double.IsFinite(sampleCount) || sampleCount <= 0)
        {
            throw CloudWatchErrors.InvalidValue($"{statisticsPath}.SampleCount", sampleCount.ToString(CultureInfo.InvariantCulture));
        }

        if (minimum > maximum)
        {
            throw CloudWatchErrors.InvalidValue($"The parameter {statisticsPath}.Minimum must not be greater than {statisticsPath}.Maximum.");
        }

        // A statistic set says every value only when they are all one value (CloudWatch's rule for percentiles of sets).
        IReadOnlyList<MetricValueCount> distribution = sampleCount == 1 ? [new MetricValueCount(sum, 1)]
            : minimum == maximum ? [new MetricValueCount(minimum, sampleCount)]
            : [];
        return new MetricDatum(metric, timestamp, sampleCount, sum, minimum, maximum, unit, distribution);
    }

    private static void CheckValue(string path, double value)
    {
        var magnitude = Math.Abs(value);
        if (!double.IsFinite(value) || (magnitude != 0 && (magnitude < SmallestMagnitude || magnitude > LargestMagnitude)))
        {
            throw CloudWatchErrors.InvalidValue(path, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private async Task<Action<IShapeWriter>?> GetMetricStatisticsAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var metric = CloudWatchShapes.Metric(v, input);
        var start = input.Timestamp("StartTime");
        var end = input.Timestamp("EndTime");
        if (start is null)
        {
            v.Required("StartTime", null, 0, 0);
        }

        if (end is null)
        {
            v.Required("EndTime", null, 0, 0);
        }

        var period = input.Int("Period");
        if (period is null)
        {
            v.Required("Period", null, 0, 0);
        }
        else if (period < 1)
        {
            v.Fail("Period", period.Value.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        }

        var statistics = input.StringList("Statistics");
        var extended = input.StringList("ExtendedStatistics");
        if (statistics is { Count: > 5 })
        {
            v.Fail("Statistics", null, "Member must have length less than or equal to 5");
        }

        if (extended is { Count: > 10 })
        {
            v.Fail("ExtendedStatistics", null, "Member must have length less than or equal to 10");
        }

        for (var i = 0; i < (statistics?.Count ?? 0); i++)
        {
            v.OneOf($"Statistics.member.{i + 1}", statistics![i], CloudWatchShapes.Statistics, required: true);
        }

        for (var i = 0; i < (extended?.Count ?? 0); i++)
        {
            if (CloudWatchShapes.PercentileOf(extended![i]) is null)
            {
                v.Fail($"ExtendedStatistics.member.{i + 1}", extended[i], "Member must be a percentile from p0.0 to p100");
            }
        }

        var unit = CloudWatchShapes.Unit(v, input);
        v.ThrowIfInvalid();
        if (start >= end)
        {
            throw CloudWatchErrors.InvalidValue("The parameter StartTime must be less than the parameter EndTime.");
        }

        var hasStatistics = statistics is { Count: > 0 };
        var hasExtended = extended is { Count: > 0 };
        if (hasStatistics == hasExtended)
        {
            throw CloudWatchErrors.Combination("You must specify either Statistics or ExtendedStatistics, but not both.");
        }

        CheckPeriod("Period", period!.Value);
        var alignedStart = AlignStart(start!.Value);
        var datapoints = (long)Math.Ceiling((end!.Value - alignedStart).TotalSeconds / period.Value);
        if (datapoints > MaxDatapoints)
        {
            throw CloudWatchErrors.Combination(
                $"You have requested up to {datapoints.ToString("N0", CultureInfo.InvariantCulture)} datapoints, which exceeds the limit of 1,440. " +
                "You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }

        var percentiles = (extended ?? []).Select(e => CloudWatchShapes.PercentileOf(e)!.Value).ToList();
        var periods = await metrics.GetStatisticsAsync(new StatisticsQuery(metric!, alignedStart, end.Value, period.Value, percentiles, unit), cancellationToken);
        var wanted = statistics ?? [];
        return w =>
        {
            w.String("Label", metric!.MetricName);
            w.List("Datapoints", periods, (d, p) =>
            {
                d.Timestamp("Timestamp", p.Timestamp);
                d.Number("SampleCount", wanted.Contains("SampleCount") ? p.SampleCount : null);
                d.Number("Average", wanted.Contains("Average") ? p.Average : null);
                d.Number("Sum", wanted.Contains("Sum") ? p.Sum : null);
                d.Number("Minimum", wanted.Contains("Minimum") ? p.Minimum : null);
                d.Number("Maximum", wanted.Contains("Maximum") ? p.Maximum : null);
                d.String("Unit", p.Unit);
                if (hasExtended)
                {
                    d.NumberMap("ExtendedStatistics", extended!.Select((name, i) => KeyValuePair.Create(name, p.PercentileValues[i]))
                        .Where(e => !double.IsNaN(e.Value)));
                }
            });
        };
    }

    /// <summary>Gatehouse keeps one-minute data: periods are multiples of 60 (CloudWatch's 1, 5, 10 and 30 need high-resolution storage).</summary>
    private static void CheckPeriod(string path, int period)
    {
        if (period < 1)
        {
            throw CloudWatchErrors.InvalidValue($"The parameter {path} must be greater than or equal to 1.");
        }

        if (period is 1 or 5 or 10 or 30)
        {
            throw CloudWatchErrors.Unsupported(path, $"a period of {period} seconds needs high-resolution storage; Gatehouse keeps one-minute data, so the period must be a multiple of 60");
        }

        if (period % 60 != 0)
        {
            throw CloudWatchErrors.InvalidValue($"The parameter {path} must be a multiple of 60.");
        }
    }

    /// <summary>
    /// CloudWatch's rounding of StartTime: down to the minute within 15 days, to five minutes within 63 days, to the
    /// hour before (the resolutions the store keeps at those ages).
    /// </summary>
    private DateTimeOffset AlignStart(DateTimeOffset start)
    {
        var age = Now() - start;
        return Floor(start, age > MetricStore.FiveMinuteRetention ? 3600 : age > MetricStore.OneMinuteRetention ? 300 : 60);
    }

    private static DateTimeOffset Floor(DateTimeOffset time, int seconds)
    {
        var ms = seconds * 1000L;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(time.ToUnixTimeMilliseconds() / (double)ms) * ms);
    }

    private async Task<Action<IShapeWriter>?> ListMetricsAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var ns = CloudWatchShapes.Namespace(v, input, required: false);
        var name = v.Optional("MetricName", input.String("MetricName"), 1, 255);
        var filters = new List<DimensionFilter>();
        var filterItems = input.List("Dimensions") ?? [];
        if (filterItems.Count > 10)
        {
            v.Fail("Dimensions", null, "Member must have length less than or equal to 10");
        }

        foreach (var item in filterItems)
        {
            var filterName = v.Required(item.PathOf("Name"), item.String("Name"), 1, 255);
            var filterValue = v.Optional(item.PathOf("Value"), item.String("Value"), 1, 1024);
            if (filterName is not null)
            {
                filters.Add(new DimensionFilter(filterName, filterValue));
            }
        }

        var recentlyActive = v.OneOf("RecentlyActive", input.String("RecentlyActive"), ["PT3H"], required: false);
        var includeLinked = input.Bool("IncludeLinkedAccounts") ?? false;
        var owningAccount = v.Optional("OwningAccount", input.String("OwningAccount"), 1, 255);
        var token = input.String("NextToken");
        v.ThrowIfInvalid();
        var found = owningAccount is not null && owningAccount != options.AccountId
            ? []
            : await metrics.ListMetricsAsync(new ListMetricsQuery(ns, name, filters, recentlyActive is not null), cancellationToken);
        var (page, next) = Page([.. found.OrderBy(MetricSortKey, StringComparer.Ordinal)], MetricSortKey, token, ListMetricsPageSize);
        return w =>
        {
            w.List("Metrics", page, CloudWatchShapes.WriteMetric);
            w.String("NextToken", next);
            if (includeLinked)
            {
                w.StringList("OwningAccounts", page.Select(_ => options.AccountId));
            }
        };
    }

    private static string MetricSortKey(MetricKey metric) =>
        string.Join('\u0001', [metric.Namespace, metric.MetricName, .. metric.Dimensions.Select(d => d.Name + "\u0002" + d.Value)]);

    private sealed record ParsedDatum(
        string? Name,
        List<MetricDimension> Dimensions,
        string? Unit,
        DateTimeOffset? Timestamp,
        double? Value,
        IReadOnlyList<double>? Values,
        IReadOnlyList<double>? Counts,
        double?[]? StatisticSet);
}
