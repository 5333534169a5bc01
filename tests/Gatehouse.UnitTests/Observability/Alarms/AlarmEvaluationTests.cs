using System.Text.Json;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Alarms;

/// <summary>
/// Given an alarm on a one-minute metric evaluated at 12:05:30, the five periods of its evaluation range are 12:01 to
/// 12:05. A pattern gives them oldest first: <c>X</c> a breaching datapoint (5 against a threshold of 3), <c>0</c> one
/// that does not breach (1), <c>-</c> a missing one (the user guide's notation).
/// </summary>
public sealed class AlarmEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 5, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstPeriod = new(2026, 11, 25, 12, 1, 0, TimeSpan.Zero);

    internal static MetricAlarm Alarm(string comparison = ComparisonOperators.GreaterThanThreshold, int n = 3, int? m = null, string? treatMissing = null,
        string state = AlarmStates.Ok, string statistic = "Maximum", string? extended = null) => new()
        {
            AlarmName = "a",
            AlarmArn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:a",
            AlarmConfigurationUpdatedTimestamp = Now.AddHours(-1),
            Metric = new MetricKey("App", "Latency", []),
            Statistic = extended is null ? statistic : null,
            ExtendedStatistic = extended,
            Period = 60,
            EvaluationPeriods = n,
            DatapointsToAlarm = m,
            Threshold = 3,
            ComparisonOperator = comparison,
            TreatMissingData = treatMissing,
            StateValue = state,
            StateUpdatedTimestamp = Now.AddHours(-1),
            StateTransitionedTimestamp = Now.AddHours(-1),
        };

    private static List<PeriodStatistics> Pattern(string pattern) =>
        [.. pattern.Select((c, i) => (c, i)).Where(p => p.c != '-').Select(p =>
        {
            var value = p.c == 'X' ? 5.0 : 1.0;
            return new PeriodStatistics(FirstPeriod.AddMinutes(p.i), 1, value, value, value, "None", [value]);
        })];

    private static string StateAfter(MetricAlarm alarm, string pattern) =>
        AlarmEvaluation.Evaluate(alarm, Pattern(pattern), Now)?.State ?? alarm.StateValue;

    [Theory]
    // One period, the one in progress not yet reported (the gateway writes a minute a few seconds after it ends): the
    // last complete period decides, whatever missing data is treated as.
    [InlineData(TreatMissingData.Breaching, "0000-", "OK")]
    [InlineData(TreatMissingData.NotBreaching, "000X-", "ALARM")]
    [InlineData(TreatMissingData.Breaching, "0000X", "ALARM")]
    [InlineData(TreatMissingData.NotBreaching, "XXXX0", "OK")]
    public void Evaluate_PeriodInProgressWithoutData_TheLastCompletePeriodDecides(string treatMissing, string pattern, string expected)
    {
        Assert.Equal(expected, StateAfter(Alarm(n: 1, treatMissing: treatMissing, state: AlarmStates.InsufficientData), pattern));
    }

    [Theory]
    // The user guide's table for an alarm of 3 out of 3 datapoints; columns missing, ignore, breaching, notBreaching.
    [InlineData("0-X-X", "OK", "OK", "ALARM", "OK")]
    [InlineData("----0", "OK", "OK", "OK", "OK")]
    [InlineData("-----", "INSUFFICIENT_DATA", "ALARM", "ALARM", "OK")]
    [InlineData("0XX-X", "ALARM", "ALARM", "ALARM", "OK")]
    [InlineData("--X--", "ALARM", "ALARM", "ALARM", "OK")]
    public void Evaluate_ThreeOfThreeFromAlarm_TreatsMissingDataAsConfigured(string pattern, string missing, string ignore, string breaching, string notBreaching)
    {
        Assert.Equal(missing, StateAfter(Alarm(treatMissing: TreatMissingData.Missing, state: AlarmStates.Alarm), pattern));
        Assert.Equal(ignore, StateAfter(Alarm(treatMissing: TreatMissingData.Ignore, state: AlarmStates.Alarm), pattern));
        Assert.Equal(breaching, StateAfter(Alarm(treatMissing: TreatMissingData.Breaching, state: AlarmStates.Alarm), pattern));
        Assert.Equal(notBreaching, StateAfter(Alarm(treatMissing: TreatMissingData.NotBreaching, state: AlarmStates.Alarm), pattern));
    }

    [Theory]
    [InlineData("0-X-X", "OK", "OK", "ALARM", "OK")]
    [InlineData("-----", "INSUFFICIENT_DATA", "OK", "ALARM", "OK")]
    [InlineData("0XX-X", "ALARM", "ALARM", "ALARM", "OK")]
    // Too few datapoints, all breaching: the alarm keeps its state rather than go to ALARM early.
    [InlineData("--X--", "OK", "OK", "ALARM", "OK")]
    [InlineData("---XX", "OK", "OK", "ALARM", "OK")]
    public void Evaluate_ThreeOfThreeFromOk_TreatsMissingDataAsConfigured(string pattern, string missing, string ignore, string breaching, string notBreaching)
    {
        Assert.Equal(missing, StateAfter(Alarm(treatMissing: TreatMissingData.Missing), pattern));
        Assert.Equal(ignore, StateAfter(Alarm(treatMissing: TreatMissingData.Ignore), pattern));
        Assert.Equal(breaching, StateAfter(Alarm(treatMissing: TreatMissingData.Breaching), pattern));
        Assert.Equal(notBreaching, StateAfter(Alarm(treatMissing: TreatMissingData.NotBreaching), pattern));
    }

    [Fact]
    public void Evaluate_TreatMissingDataNotSet_ActsAsMissing() =>
        Assert.Equal(AlarmStates.InsufficientData, StateAfter(Alarm(), "-----"));

    [Theory]
    [InlineData(ComparisonOperators.GreaterThanThreshold, 2.0, "OK")]
    [InlineData(ComparisonOperators.GreaterThanThreshold, 3.0, "OK")]
    [InlineData(ComparisonOperators.GreaterThanThreshold, 4.0, "ALARM")]
    [InlineData(ComparisonOperators.GreaterThanOrEqualToThreshold, 2.0, "OK")]
    [InlineData(ComparisonOperators.GreaterThanOrEqualToThreshold, 3.0, "ALARM")]
    [InlineData(ComparisonOperators.GreaterThanOrEqualToThreshold, 4.0, "ALARM")]
    [InlineData(ComparisonOperators.LessThanThreshold, 2.0, "ALARM")]
    [InlineData(ComparisonOperators.LessThanThreshold, 3.0, "OK")]
    [InlineData(ComparisonOperators.LessThanThreshold, 4.0, "OK")]
    [InlineData(ComparisonOperators.LessThanOrEqualToThreshold, 2.0, "ALARM")]
    [InlineData(ComparisonOperators.LessThanOrEqualToThreshold, 3.0, "ALARM")]
    [InlineData(ComparisonOperators.LessThanOrEqualToThreshold, 4.0, "OK")]
    public void Evaluate_Comparison_ComparesWithThreshold(string comparison, double value, string expected)
    {
        var alarm = Alarm(comparison, n: 1, state: AlarmStates.InsufficientData);
        var result = AlarmEvaluation.Evaluate(alarm, [new PeriodStatistics(FirstPeriod.AddMinutes(4), 1, value, value, value, "None", [])], Now);
        Assert.Equal(expected, result?.State);
    }

    [Theory]
    [InlineData("--X0X", 2, "ALARM")]
    [InlineData("--X00", 2, "OK")]
    [InlineData("--0X0", 1, "ALARM")]
    [InlineData("--000", 1, "OK")]
    public void Evaluate_MOutOfN_CountsBreachingDatapoints(string pattern, int m, string expected) =>
        Assert.Equal(expected, StateAfter(Alarm(n: 3, m: m, state: AlarmStates.InsufficientData), pattern));

    [Fact]
    public void Evaluate_OneDatapoint_WritesAwsReason()
    {
        var result = AlarmEvaluation.Evaluate(Alarm(n: 1, state: AlarmStates.InsufficientData), Pattern("----X"), Now)!;

        Assert.Equal("Threshold Crossed: 1 datapoint [5.0 (25/11/26 12:05:00)] was greater than the threshold (3.0).", result.Reason);
        using var data = JsonDocument.Parse(result.ReasonData);
        var root = data.RootElement;
        Assert.Equal("1.0", root.GetProperty("version").GetString());
        Assert.Equal("2026-11-25T12:05:30.000+0000", root.GetProperty("queryDate").GetString());
        Assert.Equal("2026-11-25T12:05:00.000+0000", root.GetProperty("startDate").GetString());
        Assert.Equal("Maximum", root.GetProperty("statistic").GetString());
        Assert.Equal(60, root.GetProperty("period").GetInt32());
        Assert.Equal(5.0, Assert.Single(root.GetProperty("recentDatapoints").EnumerateArray()).GetDouble());
        Assert.Equal(3.0, root.GetProperty("threshold").GetDouble());
        var evaluated = Assert.Single(root.GetProperty("evaluatedDatapoints").EnumerateArray());
        Assert.Equal("2026-11-25T12:05:00.000+0000", evaluated.GetProperty("timestamp").GetString());
        Assert.Equal(5.0, evaluated.GetProperty("value").GetDouble());
        Assert.Contains("\"threshold\":3.0", result.ReasonData, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MOutOfN_WritesAwsReason()
    {
        var result = AlarmEvaluation.Evaluate(Alarm(n: 3, m: 2), Pattern("--X0X"), Now)!;

        Assert.Equal(
            "Threshold Crossed: 2 out of the last 3 datapoints [5.0 (25/11/26 12:05:00), 5.0 (25/11/26 12:03:00)] were greater than the threshold (3.0) " +
            "(minimum 2 datapoints for OK -> ALARM transition).", result.Reason);
    }

    [Fact]
    public void Evaluate_ToOk_WritesAwsReason()
    {
        var result = AlarmEvaluation.Evaluate(Alarm(n: 1, state: AlarmStates.Alarm), Pattern("----0"), Now)!;

        Assert.Equal("Threshold Crossed: 1 datapoint [1.0 (25/11/26 12:05:00)] was not greater than the threshold (3.0).", result.Reason);
    }

    [Fact]
    public void Evaluate_NoData_WritesInsufficientDataReason()
    {
        var result = AlarmEvaluation.Evaluate(Alarm(n: 1), [], Now)!;

        Assert.Equal(AlarmStates.InsufficientData, result.State);
        Assert.Equal("Insufficient Data: 1 datapoint was unknown.", result.Reason);
    }

    [Fact]
    public void Evaluate_AllMissingTreatedAsBreaching_SaysSo()
    {
        var result = AlarmEvaluation.Evaluate(Alarm(n: 2, treatMissing: TreatMissingData.Breaching), [], Now)!;

        Assert.Equal("Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].", result.Reason);
    }

    [Fact]
    public void Evaluate_Average_UsesSumOverCount()
    {
        var alarm = Alarm(n: 1, statistic: "Average", state: AlarmStates.InsufficientData);
        // Sum 8 over 2 samples: 4 > 3, though the minimum (1) is not.
        var result = AlarmEvaluation.Evaluate(alarm, [new PeriodStatistics(FirstPeriod.AddMinutes(4), 2, 8, 1, 7, "None", [])], Now);
        Assert.Equal(AlarmStates.Alarm, result?.State);
    }

    [Fact]
    public void Evaluate_PercentileNotAvailable_CountsAsMissing()
    {
        var alarm = Alarm(n: 1, extended: "p99", state: AlarmStates.Ok);
        var result = AlarmEvaluation.Evaluate(alarm, [new PeriodStatistics(FirstPeriod.AddMinutes(4), 2, 8, 1, 7, "None", [double.NaN])], Now);
        Assert.Equal(AlarmStates.InsufficientData, result?.State);
    }

    [Fact]
    public void Evaluate_DataOutsideRange_IsIgnored()
    {
        var old = new PeriodStatistics(FirstPeriod.AddMinutes(-1), 1, 5, 5, 5, "None", []);
        Assert.Equal(AlarmStates.InsufficientData, AlarmEvaluation.Evaluate(Alarm(n: 1), [old], Now)?.State);
    }

    [Fact]
    public void Range_IsEvaluationPeriodsPlusTwo_EndingWithThePeriodInProgress()
    {
        var (start, end) = AlarmEvaluation.Range(Alarm(n: 3), Now);
        Assert.Equal((FirstPeriod, FirstPeriod.AddMinutes(5)), (start, end));
    }
}
