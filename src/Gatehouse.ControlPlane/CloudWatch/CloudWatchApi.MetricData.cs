using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// GetMetricData: metric queries (a metric, period, statistic and unit) and math expressions over them, each result
/// with its timestamps and values in the order ScanBy asks, paged by MaxDatapoints.
/// </summary>
public sealed partial class CloudWatchApi
{
    private const int MaxQueries = 500;
    private const int DefaultMaxDatapoints = 100_800;

    private async Task<Action<IShapeWriter>?> GetMetricDataAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var items = input.List("MetricDataQueries");
        if (items is null)
        {
            v.Required("MetricDataQueries", null, 0, 0);
        }
        else if (items.Count > MaxQueries)
        {
            v.Fail("MetricDataQueries", null, $"Member must have length less than or equal to {MaxQueries}");
        }

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

        var scanBy = v.OneOf("ScanBy", input.String("ScanBy"), ["TimestampDescending", "TimestampAscending"], required: false) ?? "TimestampDescending";
        var maxDatapoints = input.Int("MaxDatapoints") ?? DefaultMaxDatapoints;
        if (maxDatapoints < 1)
        {
            v.Fail("MaxDatapoints", maxDatapoints.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        }

        if (input.Structure("LabelOptions") is not null)
        {
            throw CloudWatchErrors.Unsupported("LabelOptions", "Gatehouse does not render dynamic labels");
        }

        var queries = (items ?? []).Select(item => ReadQuery(v, item)).ToList();
        var token = input.String("NextToken");
        v.ThrowIfInvalid();
        if (start >= end)
        {
            throw CloudWatchErrors.InvalidValue("The parameter StartTime must be less than the parameter EndTime.");
        }

        CheckQueries(queries);
        var results = await EvaluateQueriesAsync(queries, start!.Value, end!.Value, cancellationToken);
        var descending = scanBy == "TimestampDescending";
        var ordered = queries.Where(q => q.ReturnData).Select(q =>
        {
            var points = results[q.Id].Points.ToList();
            if (descending)
            {
                points.Reverse();
            }

            return (Query: q, Points: points);
        }).ToList();

        // Pages cut the flattened datapoints of every returned query; the token is the offset into them.
        var offset = 0;
        if (token is not null)
        {
            offset = DecodeOffset(token);
        }

        var total = ordered.Sum(o => o.Points.Count);
        var pageEnd = Math.Min(total, offset + maxDatapoints);
        var page = new List<(MetricQuery Query, List<KeyValuePair<DateTimeOffset, double>> Points, bool Complete)>();
        var position = 0;
        foreach (var (query, points) in ordered)
        {
            var from = Math.Clamp(offset - position, 0, points.Count);
            var to = Math.Clamp(pageEnd - position, 0, points.Count);
            // Every result appears on the first page, even an empty one; later pages carry only the results they continue.
            if (to > from || (offset == 0 && points.Count == 0))
            {
                page.Add((query, points.GetRange(from, to - from), to == points.Count));
            }

            position += points.Count;
        }

        var next = pageEnd < total ? EncodeOffset(pageEnd) : null;
        return w =>
        {
            w.List("MetricDataResults", page, (r, result) =>
            {
                r.String("Id", result.Query.Id);
                r.String("Label", result.Query.Label);
                r.TimestampList("Timestamps", result.Points.Select(p => p.Key));
                r.NumberList("Values", result.Points.Select(p => p.Value));
                r.String("StatusCode", result.Complete ? "Complete" : "PartialData");
                r.List("Messages", Array.Empty<int>(), (_, _) => { });
            });
            w.String("NextToken", next);
            w.List("Messages", Array.Empty<int>(), (_, _) => { });
        };
    }

    private MetricQuery ReadQuery(QueryValidator v, ICloudWatchInput item)
    {
        var id = v.Required(item.PathOf("Id"), item.String("Id"), 1, 255, QueryId(), "^[a-z][a-zA-Z0-9_]*$");
        var expression = v.Optional(item.PathOf("Expression"), item.String("Expression"), 1, 2048);
        var label = item.String("Label");
        var returnData = item.Bool("ReturnData") ?? true;
        var period = item.Int("Period");
        var account = item.String("AccountId");
        if (account is not null && account != options.AccountId)
        {
            throw CloudWatchErrors.Unsupported(item.PathOf("AccountId"), "Gatehouse has one account, " + options.AccountId);
        }

        var stat = item.Structure("MetricStat");
        if ((stat is null) == (expression is null))
        {
            throw CloudWatchErrors.InvalidValue($"Exactly one of {item.PathOf("MetricStat")} and {item.PathOf("Expression")} must be given.");
        }

        if (stat is null)
        {
            return new MetricQuery(id ?? "", label ?? id ?? "", returnData, null, period ?? 0, null, expression, null);
        }

        var metricInput = stat.Structure("Metric");
        MetricKey? metric = null;
        if (metricInput is null)
        {
            v.Required(stat.PathOf("Metric"), null, 0, 0);
        }
        else
        {
            metric = CloudWatchShapes.Metric(v, metricInput);
        }

        var statPeriod = stat.Int("Period");
        if (statPeriod is null)
        {
            v.Required(stat.PathOf("Period"), null, 0, 0);
        }

        var statistic = v.Required(stat.PathOf("Stat"), stat.String("Stat"), 1, 255);
        if (statistic is not null && !CloudWatchShapes.Statistics.Contains(statistic) && CloudWatchShapes.PercentileOf(statistic) is null)
        {
            throw CloudWatchErrors.Unsupported(stat.PathOf("Stat"), $"the statistic {statistic} (Gatehouse computes SampleCount, Average, Sum, Minimum, Maximum and percentiles pNN.NN)");
        }

        var unit = CloudWatchShapes.Unit(v, stat);
        return new MetricQuery(id ?? "", label ?? metric?.MetricName ?? id ?? "", returnData, metric, statPeriod ?? 0, statistic, null, unit);
    }

    private static void CheckQueries(List<MetricQuery> queries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
        {
            if (!seen.Add(queries[i].Id))
            {
                throw CloudWatchErrors.InvalidValue($"The value {queries[i].Id} for parameter MetricDataQueries.member.{i + 1}.Id is a duplicate: ids must be unique.");
            }

            if (queries[i].Metric is not null || queries[i].Period != 0)
            {
                CheckPeriod(queries[i].Metric is not null ? $"MetricDataQueries.member.{i + 1}.MetricStat.Period" : $"MetricDataQueries.member.{i + 1}.Period", queries[i].Period);
            }
        }

        if (!queries.Any(q => q.ReturnData))
        {
            throw CloudWatchErrors.InvalidValue("At least one of the MetricDataQueries must have ReturnData set to true.");
        }
    }

    /// <summary>Each query's time series: metric queries from the store, expressions from the others, in dependency order.</summary>
    private async Task<Dictionary<string, MetricMath.Series>> EvaluateQueriesAsync(List<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, MetricMath.Series>(StringComparer.Ordinal);
        var alignedStart = AlignStart(start);
        foreach (var query in queries.Where(q => q.Metric is not null))
        {
            var percentile = CloudWatchShapes.PercentileOf(query.Stat!);
            var periods = await metrics.GetStatisticsAsync(
                new StatisticsQuery(query.Metric!, alignedStart, end, query.Period, percentile is { } p ? [p] : [], query.Unit), cancellationToken);
            var points = new SortedDictionary<DateTimeOffset, double>();
            foreach (var period in periods)
            {
                var value = period.ValueOf(query.Stat!);
                if (!double.IsNaN(value))
                {
                    points[period.Timestamp] = value;
                }
            }

            results[query.Id] = new MetricMath.Series(points);
        }

        var byId = queries.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var evaluating = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<MetricMath.Series> MetricSeries() => [.. queries.Where(q => q.Metric is not null).Select(q => results[q.Id])];

        MetricMath.Series Resolve(MetricQuery query)
        {
            if (results.TryGetValue(query.Id, out var done))
            {
                return done;
            }

            if (!evaluating.Add(query.Id))
            {
                throw new AwsException(400, "ValidationError", $"Error in expression '{query.Id}': it refers to itself through other expressions.");
            }

            MetricMath.Value value;
            try
            {
                value = MetricMath.Evaluate(query.Expression!, id => byId.TryGetValue(id, out var other) ? Resolve(other) : null, MetricSeries);
            }
            catch (MetricMath.MathException e)
            {
                throw new AwsException(400, "ValidationError", $"Error in expression '{query.Id}': {e.Message}");
            }

            var series = value switch
            {
                MetricMath.Series s => s,
                // A scalar holds at every timestamp the metric queries have (or every period when there are none).
                MetricMath.Scalar scalar => Broadcast(scalar.Number, MetricSeries(), alignedStart, end, query.Period is > 0 ? query.Period : 60),
                _ => throw new AwsException(400, "ValidationError",
                    $"Error in expression '{query.Id}': it returns an array of time series; GetMetricData needs one time series per query."),
            };
            results[query.Id] = series;
            return series;
        }

        foreach (var query in queries.Where(q => q.Expression is not null))
        {
            Resolve(query);
        }

        return results;
    }

    private static MetricMath.Series Broadcast(double value, IReadOnlyList<MetricMath.Series> metricSeries, DateTimeOffset start, DateTimeOffset end, int period)
    {
        var times = metricSeries.SelectMany(s => s.Points.Keys).Distinct().ToList();
        if (times.Count == 0)
        {
            for (var t = start; t < end && times.Count < DefaultMaxDatapoints; t = t.AddSeconds(period))
            {
                times.Add(t);
            }
        }

        return new MetricMath.Series(new SortedDictionary<DateTimeOffset, double>(times.ToDictionary(t => t, _ => value)));
    }

    private static string EncodeOffset(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("gmd:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeOffset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("gmd:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw CloudWatchErrors.InvalidNextToken();
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex QueryId();

    private sealed record MetricQuery(string Id, string Label, bool ReturnData, MetricKey? Metric, int Period, string? Stat, string? Expression, string? Unit);
}
