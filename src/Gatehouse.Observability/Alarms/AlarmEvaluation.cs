using System.Globalization;
using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.Observability.Alarms;

/// <summary>What one evaluation decided: the new state with its reason and reason data.</summary>
public sealed record AlarmEvaluationResult(string State, string Reason, string ReasonData);

/// <summary>
/// One evaluation of a metric alarm as the CloudWatch user guide describes it. The alarm looks at the last
/// <c>EvaluationPeriods</c> periods (N) up to and including the one now in progress (once it has data; until then up
/// to the last complete one), and goes to ALARM when at least
/// <c>DatapointsToAlarm</c> (M) of them breach the threshold, to OK otherwise. Missing datapoints are treated as
/// <c>TreatMissingData</c> says: <c>breaching</c> and <c>notBreaching</c> fill the N periods; <c>missing</c> and
/// <c>ignore</c> take the most recent N datapoints that exist in an evaluation range of N + 2 periods. With none at all,
/// <c>missing</c> goes to INSUFFICIENT_DATA and <c>ignore</c> keeps the state; with fewer than M that all breach, the
/// state is kept, so that an alarm does not go to ALARM early on too few datapoints.
/// </summary>
public static class AlarmEvaluation
{
    /// <summary>How many periods beyond N the evaluation range reaches back for <c>missing</c> and <c>ignore</c>.</summary>
    public const int ExtraRangePeriods = 2;

    /// <summary>The periods an evaluation at <paramref name="now"/> reads: [start, end) with period boundaries aligned to the epoch.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Range(MetricAlarm alarm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var periodMs = alarm.Period * 1000L;
        var current = now.ToUnixTimeMilliseconds() / periodMs * periodMs;
        var start = current - ((alarm.EvaluationPeriods + ExtraRangePeriods - 1) * periodMs);
        return (DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(current + periodMs));
    }

    /// <summary>The alarm's statistic of one period; NaN when the period has no value for it (a percentile without values).</summary>
    public static double ValueOf(MetricAlarm alarm, PeriodStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(statistics);
        return statistics.ValueOf(alarm.Statistic ?? alarm.ExtendedStatistic ?? "");
    }

    /// <summary>
    /// Evaluates <paramref name="alarm"/> on the statistics of its range (<see cref="Range"/>) at <paramref name="now"/>;
    /// null when the alarm keeps its state.
    /// </summary>
    public static AlarmEvaluationResult? Evaluate(MetricAlarm alarm, IReadOnlyList<PeriodStatistics> statistics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(statistics);
        var (rangeStart, rangeEnd) = Range(alarm, now);
        var period = TimeSpan.FromSeconds(alarm.Period);
        var n = alarm.EvaluationPeriods;
        var m = alarm.RequiredDatapoints;
        var byStart = new Dictionary<DateTimeOffset, PeriodStatistics>();
        foreach (var s in statistics)
        {
            if (s.Timestamp >= rangeStart && s.Timestamp < rangeEnd && !double.IsNaN(ValueOf(alarm, s)))
            {
                byStart[s.Timestamp] = s;
            }
        }

        // Newest first, as CloudWatch lists datapoints in reasons.
        var periods = Enumerable.Range(1, n + ExtraRangePeriods).Select(i => rangeEnd - (period * i)).ToList();
        if (!byStart.ContainsKey(periods[0]))
        {
            // The period in progress counts once it has data (PutMetricData stores at once; the gateway's own minutes
            // arrive a few seconds after they end). Until then the N periods end with the last complete one, so that a
            // period nobody could have reported yet is not taken as missing (breaching or not).
            periods.RemoveAt(0);
        }

        var treatment = alarm.MissingDataTreatment;
        List<Point> evaluated;
        var substituted = 0;
        if (treatment is TreatMissingData.Breaching or TreatMissingData.NotBreaching)
        {
            evaluated = [];
            foreach (var start in periods.Take(n))
            {
                if (byStart.TryGetValue(start, out var s))
                {
                    evaluated.Add(new Point(start, ValueOf(alarm, s), s.SampleCount, Breaches(alarm, ValueOf(alarm, s))));
                }
                else
                {
                    substituted++;
                    evaluated.Add(new Point(start, double.NaN, 0, treatment == TreatMissingData.Breaching));
                }
            }
        }
        else
        {
            evaluated = [.. periods.Where(byStart.ContainsKey).Take(n).Select(start =>
            {
                var s = byStart[start];
                var value = ValueOf(alarm, s);
                return new Point(start, value, s.SampleCount, Breaches(alarm, value));
            })];
            if (evaluated.Count == 0)
            {
                return treatment == TreatMissingData.Ignore || alarm.StateValue == AlarmStates.InsufficientData
                    ? null
                    : Result(alarm, AlarmStates.InsufficientData, InsufficientReason(n), [], rangeStart, now);
            }
        }

        var breaching = evaluated.Count(p => p.Breaching);
        string state;
        if (breaching >= m)
        {
            state = AlarmStates.Alarm;
        }
        else if (breaching > 0 && breaching == evaluated.Count && evaluated.Count < m)
        {
            // Too few datapoints to decide, and all of them breach: CloudWatch keeps the state rather than go to OK.
            return null;
        }
        else
        {
            state = AlarmStates.Ok;
        }

        if (state == alarm.StateValue)
        {
            return null;
        }

        var reason = substituted == evaluated.Count
            ? $"Threshold Crossed: no datapoints were received for {Plural(substituted, "period")} and {Plural(substituted, "missing datapoint")} " +
              $"{(substituted == 1 ? "was" : "were")} treated as [{(treatment == TreatMissingData.Breaching ? "Breaching" : "NonBreaching")}]."
            : ThresholdReason(alarm, state, evaluated, breaching, m);
        return Result(alarm, state, reason, evaluated, rangeStart, now);
    }

    private static bool Breaches(MetricAlarm alarm, double value) =>
        ComparisonOperators.Breaches(alarm.ComparisonOperator, value, alarm.Threshold);

    private static string ThresholdReason(MetricAlarm alarm, string state, List<Point> evaluated, int breaching, int m)
    {
        var toAlarm = state == AlarmStates.Alarm;
        var shown = evaluated.Where(p => p.Breaching == toAlarm && !double.IsNaN(p.Value)).ToList();
        var count = toAlarm ? breaching : evaluated.Count - breaching;
        var list = string.Join(", ", shown.Select(p => $"{AlarmFormat.Number(p.Value)} ({AlarmFormat.ReasonTime(p.Start)})"));
        var words = (toAlarm ? "" : "not ") + ComparisonOperators.Words(alarm.ComparisonOperator);
        var threshold = AlarmFormat.Number(alarm.Threshold);
        if (evaluated.Count == 1)
        {
            return $"Threshold Crossed: 1 datapoint [{list}] was {words} the threshold ({threshold}).";
        }

        var needed = toAlarm ? m : evaluated.Count - m + 1;
        return $"Threshold Crossed: {count} out of the last {evaluated.Count} datapoints [{list}] {(count == 1 ? "was" : "were")} {words} " +
            $"the threshold ({threshold}) (minimum {Plural(needed, "datapoint")} for {alarm.StateValue} -> {state} transition).";
    }

    private static string InsufficientReason(int unknown) =>
        $"Insufficient Data: {Plural(unknown, "datapoint")} {(unknown == 1 ? "was" : "were")} unknown.";

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static AlarmEvaluationResult Result(MetricAlarm alarm, string state, string reason, List<Point> evaluated, DateTimeOffset rangeStart, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AlarmFormat.JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteString("queryDate", AlarmFormat.Timestamp(now));
            var real = evaluated.Where(p => !double.IsNaN(p.Value)).ToList();
            writer.WriteString("startDate", AlarmFormat.Timestamp(real.Count > 0 ? real.Min(p => p.Start) : rangeStart));
            if (alarm.Statistic is not null)
            {
                writer.WriteString("statistic", alarm.Statistic);
            }
            else
            {
                writer.WriteString("extendedStatistic", alarm.ExtendedStatistic);
            }

            if (alarm.Unit is not null)
            {
                writer.WriteString("unit", alarm.Unit);
            }

            writer.WriteNumber("period", alarm.Period);
            writer.WriteStartArray("recentDatapoints");
            foreach (var point in real.OrderBy(p => p.Start))
            {
                AlarmFormat.WriteNumberValue(writer, point.Value);
            }

            writer.WriteEndArray();
            AlarmFormat.WriteNumber(writer, "threshold", alarm.Threshold);
            if (real.Count > 0)
            {
                writer.WriteStartArray("evaluatedDatapoints");
                foreach (var point in real)
                {
                    writer.WriteStartObject();
                    writer.WriteString("timestamp", AlarmFormat.Timestamp(point.Start));
                    AlarmFormat.WriteNumber(writer, "sampleCount", point.SampleCount);
                    AlarmFormat.WriteNumber(writer, "value", point.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return new AlarmEvaluationResult(state, reason, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private readonly record struct Point(DateTimeOffset Start, double Value, double SampleCount, bool Breaching);
}
