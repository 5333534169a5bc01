using System.Text;
using System.Text.Json;

namespace Gatehouse.Observability.Alarms;

/// <summary>
/// The message CloudWatch publishes to an SNS topic when an alarm changes state: a JSON object with the alarm, the
/// old and new state, the region's long name and the <c>Trigger</c> (the metric and the rule), and its subject
/// <c>ALARM: "name" in US East (N. Virginia)</c>.
/// </summary>
public static class AlarmNotification
{
    public static string Subject(MetricAlarm alarm, string region)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var subject = $"{alarm.StateValue}: \"{alarm.AlarmName}\" in {RegionNames.LongName(region)}";
        // SNS subjects are at most 100 characters.
        return subject.Length <= 100 ? subject : subject[..100];
    }

    /// <summary>The message for <paramref name="alarm"/>, already in its new state, that left <paramref name="oldState"/>.</summary>
    public static string Message(MetricAlarm alarm, string oldState, string accountId, string region)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AlarmFormat.JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("AlarmName", alarm.AlarmName);
            WriteNullable(writer, "AlarmDescription", alarm.AlarmDescription);
            writer.WriteString("AWSAccountId", accountId);
            writer.WriteString("AlarmConfigurationUpdatedTimestamp", AlarmFormat.Timestamp(alarm.AlarmConfigurationUpdatedTimestamp));
            writer.WriteString("NewStateValue", alarm.StateValue);
            writer.WriteString("NewStateReason", alarm.StateReason);
            writer.WriteString("StateChangeTime", AlarmFormat.Timestamp(alarm.StateUpdatedTimestamp));
            writer.WriteString("Region", RegionNames.LongName(region));
            writer.WriteString("AlarmArn", alarm.AlarmArn);
            writer.WriteString("OldStateValue", oldState);
            WriteStrings(writer, "OKActions", alarm.OKActions);
            WriteStrings(writer, "AlarmActions", alarm.AlarmActions);
            WriteStrings(writer, "InsufficientDataActions", alarm.InsufficientDataActions);
            writer.WriteStartObject("Trigger");
            writer.WriteString("MetricName", alarm.Metric.MetricName);
            writer.WriteString("Namespace", alarm.Metric.Namespace);
            if (alarm.Statistic is not null)
            {
                writer.WriteString("StatisticType", "Statistic");
                writer.WriteString("Statistic", alarm.Statistic == "SampleCount" ? "SAMPLE_COUNT" : alarm.Statistic.ToUpperInvariant());
            }
            else
            {
                writer.WriteString("StatisticType", "ExtendedStatistic");
                writer.WriteString("ExtendedStatistic", alarm.ExtendedStatistic);
            }

            WriteNullable(writer, "Unit", alarm.Unit);
            writer.WriteStartArray("Dimensions");
            foreach (var dimension in alarm.Metric.Dimensions)
            {
                writer.WriteStartObject();
                writer.WriteString("value", dimension.Value);
                writer.WriteString("name", dimension.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("Period", alarm.Period);
            writer.WriteNumber("EvaluationPeriods", alarm.EvaluationPeriods);
            writer.WriteNumber("DatapointsToAlarm", alarm.RequiredDatapoints);
            writer.WriteString("ComparisonOperator", alarm.ComparisonOperator);
            AlarmFormat.WriteNumber(writer, "Threshold", alarm.Threshold);
            writer.WriteString("TreatMissingData", alarm.TreatMissingData ?? "");
            writer.WriteString("EvaluateLowSampleCountPercentile", alarm.EvaluateLowSampleCountPercentile ?? "");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
