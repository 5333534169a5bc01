using System.Globalization;
using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.Observability.Alarms;

/// <summary>
/// An alarm as JSON with camelCase members: whole (configuration and state) as the store keeps it, or its
/// configuration only, as CloudWatch writes it into ConfigurationUpdate history items (<c>createdAlarm</c>,
/// <c>updatedAlarm</c>, <c>originalAlarm</c>).
/// </summary>
internal static class AlarmDocument
{
    public static string Serialize(MetricAlarm alarm, bool withState)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AlarmFormat.JsonOptions))
        {
            Write(writer, alarm, withState);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, MetricAlarm alarm, bool withState)
    {
        writer.WriteStartObject();
        writer.WriteString("alarmName", alarm.AlarmName);
        writer.WriteString("alarmArn", alarm.AlarmArn);
        if (alarm.AlarmDescription is not null)
        {
            writer.WriteString("alarmDescription", alarm.AlarmDescription);
        }

        writer.WriteString("alarmConfigurationUpdatedTimestamp", AlarmFormat.Timestamp(alarm.AlarmConfigurationUpdatedTimestamp));
        writer.WriteBoolean("actionsEnabled", alarm.ActionsEnabled);
        WriteStrings(writer, "okactions", alarm.OKActions);
        WriteStrings(writer, "alarmActions", alarm.AlarmActions);
        WriteStrings(writer, "insufficientDataActions", alarm.InsufficientDataActions);
        writer.WriteString("namespace", alarm.Metric.Namespace);
        writer.WriteString("metricName", alarm.Metric.MetricName);
        writer.WriteStartArray("dimensions");
        foreach (var dimension in alarm.Metric.Dimensions)
        {
            writer.WriteStartObject();
            writer.WriteString("name", dimension.Name);
            writer.WriteString("value", dimension.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (alarm.Statistic is not null)
        {
            writer.WriteString("statistic", alarm.Statistic);
        }

        if (alarm.ExtendedStatistic is not null)
        {
            writer.WriteString("extendedStatistic", alarm.ExtendedStatistic);
        }

        writer.WriteNumber("period", alarm.Period);
        if (alarm.Unit is not null)
        {
            writer.WriteString("unit", alarm.Unit);
        }

        writer.WriteNumber("evaluationPeriods", alarm.EvaluationPeriods);
        if (alarm.DatapointsToAlarm is { } m)
        {
            writer.WriteNumber("datapointsToAlarm", m);
        }

        AlarmFormat.WriteNumber(writer, "threshold", alarm.Threshold);
        writer.WriteString("comparisonOperator", alarm.ComparisonOperator);
        if (alarm.TreatMissingData is not null)
        {
            writer.WriteString("treatMissingData", alarm.TreatMissingData);
        }

        if (alarm.EvaluateLowSampleCountPercentile is not null)
        {
            writer.WriteString("evaluateLowSampleCountPercentile", alarm.EvaluateLowSampleCountPercentile);
        }

        if (withState)
        {
            writer.WriteString("stateValue", alarm.StateValue);
            writer.WriteString("stateReason", alarm.StateReason);
            if (alarm.StateReasonData is not null)
            {
                writer.WriteString("stateReasonData", alarm.StateReasonData);
            }

            writer.WriteString("stateUpdatedTimestamp", AlarmFormat.Timestamp(alarm.StateUpdatedTimestamp));
            writer.WriteString("stateTransitionedTimestamp", AlarmFormat.Timestamp(alarm.StateTransitionedTimestamp));
        }

        writer.WriteEndObject();
    }

    public static MetricAlarm Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new MetricAlarm
        {
            AlarmName = root.GetProperty("alarmName").GetString()!,
            AlarmArn = root.GetProperty("alarmArn").GetString()!,
            AlarmDescription = OptionalString(root, "alarmDescription"),
            AlarmConfigurationUpdatedTimestamp = ParseTimestamp(root.GetProperty("alarmConfigurationUpdatedTimestamp").GetString()!),
            ActionsEnabled = root.GetProperty("actionsEnabled").GetBoolean(),
            OKActions = Strings(root, "okactions"),
            AlarmActions = Strings(root, "alarmActions"),
            InsufficientDataActions = Strings(root, "insufficientDataActions"),
            Metric = new MetricKey(
                root.GetProperty("namespace").GetString()!,
                root.GetProperty("metricName").GetString()!,
                root.GetProperty("dimensions").EnumerateArray().Select(d => new MetricDimension(d.GetProperty("name").GetString()!, d.GetProperty("value").GetString()!))),
            Statistic = OptionalString(root, "statistic"),
            ExtendedStatistic = OptionalString(root, "extendedStatistic"),
            Period = root.GetProperty("period").GetInt32(),
            Unit = OptionalString(root, "unit"),
            EvaluationPeriods = root.GetProperty("evaluationPeriods").GetInt32(),
            DatapointsToAlarm = root.TryGetProperty("datapointsToAlarm", out var m) ? m.GetInt32() : null,
            Threshold = root.GetProperty("threshold").GetDouble(),
            ComparisonOperator = root.GetProperty("comparisonOperator").GetString()!,
            TreatMissingData = OptionalString(root, "treatMissingData"),
            EvaluateLowSampleCountPercentile = OptionalString(root, "evaluateLowSampleCountPercentile"),
            StateValue = root.GetProperty("stateValue").GetString()!,
            StateReason = root.GetProperty("stateReason").GetString()!,
            StateReasonData = OptionalString(root, "stateReasonData"),
            StateUpdatedTimestamp = ParseTimestamp(root.GetProperty("stateUpdatedTimestamp").GetString()!),
            StateTransitionedTimestamp = ParseTimestamp(root.GetProperty("stateTransitionedTimestamp").GetString()!),
        };
    }

    private static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];

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
