using System.Text.Json;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Alarms;

public sealed class AlarmNotificationTests
{
    private static readonly DateTimeOffset Changed = new(2026, 11, 25, 12, 5, 30, 123, TimeSpan.Zero);

    private static MetricAlarm Alarm(string? statistic = "Sum", string? extended = null) => new()
    {
        AlarmName = "api-errors",
        AlarmArn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-errors",
        AlarmConfigurationUpdatedTimestamp = Changed.AddHours(-1),
        AlarmActions = ["arn:aws:sns:eu-west-1:123456789012:ops"],
        Metric = new MetricKey("AWS/ApiGateway", "5xx", [new MetricDimension("ApiId", "a1b2c3d4e5"), new MetricDimension("Stage", "prod")]),
        Statistic = statistic,
        ExtendedStatistic = extended,
        Period = 60,
        EvaluationPeriods = 3,
        DatapointsToAlarm = 2,
        Threshold = 5,
        ComparisonOperator = ComparisonOperators.GreaterThanOrEqualToThreshold,
        TreatMissingData = TreatMissingData.NotBreaching,
        StateValue = AlarmStates.Alarm,
        StateReason = "Threshold Crossed: …",
        StateUpdatedTimestamp = Changed,
        StateTransitionedTimestamp = Changed,
    };

    [Fact]
    public void Message_HasCloudWatchShape()
    {
        using var message = JsonDocument.Parse(AlarmNotification.Message(Alarm(), AlarmStates.Ok, "123456789012", "eu-west-1"));
        var root = message.RootElement;

        Assert.Equal("api-errors", root.GetProperty("AlarmName").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("AlarmDescription").ValueKind);
        Assert.Equal("123456789012", root.GetProperty("AWSAccountId").GetString());
        Assert.Equal("ALARM", root.GetProperty("NewStateValue").GetString());
        Assert.Equal("Threshold Crossed: …", root.GetProperty("NewStateReason").GetString());
        Assert.Equal("2026-11-25T12:05:30.123+0000", root.GetProperty("StateChangeTime").GetString());
        Assert.Equal("EU (Ireland)", root.GetProperty("Region").GetString());
        Assert.Equal("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-errors", root.GetProperty("AlarmArn").GetString());
        Assert.Equal("OK", root.GetProperty("OldStateValue").GetString());
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:ops", root.GetProperty("AlarmActions")[0].GetString());
        var trigger = root.GetProperty("Trigger");
        Assert.Equal("5xx", trigger.GetProperty("MetricName").GetString());
        Assert.Equal("AWS/ApiGateway", trigger.GetProperty("Namespace").GetString());
        Assert.Equal("Statistic", trigger.GetProperty("StatisticType").GetString());
        Assert.Equal("SUM", trigger.GetProperty("Statistic").GetString());
        Assert.Equal(JsonValueKind.Null, trigger.GetProperty("Unit").ValueKind);
        Assert.Equal("a1b2c3d4e5", trigger.GetProperty("Dimensions")[0].GetProperty("value").GetString());
        Assert.Equal("ApiId", trigger.GetProperty("Dimensions")[0].GetProperty("name").GetString());
        Assert.Equal((60, 3, 2), (trigger.GetProperty("Period").GetInt32(), trigger.GetProperty("EvaluationPeriods").GetInt32(), trigger.GetProperty("DatapointsToAlarm").GetInt32()));
        Assert.Equal("GreaterThanOrEqualToThreshold", trigger.GetProperty("ComparisonOperator").GetString());
        Assert.Equal(5.0, trigger.GetProperty("Threshold").GetDouble());
        Assert.Equal("notBreaching", trigger.GetProperty("TreatMissingData").GetString());
    }

    [Fact]
    public void Message_ExtendedStatistic_NamesIt()
    {
        using var message = JsonDocument.Parse(AlarmNotification.Message(Alarm(null, "p99"), AlarmStates.Ok, "123456789012", "eu-west-1"));
        var trigger = message.RootElement.GetProperty("Trigger");

        Assert.Equal("ExtendedStatistic", trigger.GetProperty("StatisticType").GetString());
        Assert.Equal("p99", trigger.GetProperty("ExtendedStatistic").GetString());
    }

    [Fact]
    public void Message_WritesNumbersAndTimesAsAws()
    {
        var text = AlarmNotification.Message(Alarm(), AlarmStates.Ok, "123456789012", "eu-west-1");

        Assert.Contains("\"Threshold\":5.0", text, StringComparison.Ordinal);
        Assert.Contains("+0000\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Subject_NamesStateAlarmAndRegion() =>
        Assert.Equal("ALARM: \"api-errors\" in EU (Ireland)", AlarmNotification.Subject(Alarm(), "eu-west-1"));
}
