using System.Globalization;
using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// Metric alarms: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState,
/// DescribeAlarmHistory, EnableAlarmActions and DisableAlarmActions.
/// </summary>
public sealed partial class CloudWatchApi
{
    private const int MaxActions = 5;
    private const int MaxAlarmNames = 100;

    private async Task<Action<IShapeWriter>?> PutMetricAlarmAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var name = v.Required("AlarmName", input.String("AlarmName"), 1, 255);
        var description = v.Optional("AlarmDescription", input.String("AlarmDescription"), 0, 1024);
        var actionsEnabled = input.Bool("ActionsEnabled") ?? true;
        var okActions = Actions(v, input, "OKActions");
        var alarmActions = Actions(v, input, "AlarmActions");
        var insufficientActions = Actions(v, input, "InsufficientDataActions");
        var statistic = v.OneOf("Statistic", input.String("Statistic"), CloudWatchShapes.Statistics, required: false);
        var extended = input.String("ExtendedStatistic");
        if (extended is not null && CloudWatchShapes.PercentileOf(extended) is null)
        {
            v.Fail("ExtendedStatistic", extended, "Member must be a percentile from p0.0 to p100 (Gatehouse evaluates percentiles pNN.NN)");
        }

        var period = input.Int("Period");
        var evaluationPeriods = input.Int("EvaluationPeriods");
        var datapointsToAlarm = input.Int("DatapointsToAlarm");
        var threshold = input.Double("Threshold");
        var comparison = v.OneOf("ComparisonOperator", input.String("ComparisonOperator"),
            [.. ComparisonOperators.Static, .. ComparisonOperators.AnomalyBand], required: true);
        var treatMissing = v.OneOf("TreatMissingData", input.String("TreatMissingData"), TreatMissingData.All, required: false);
        var lowSampleCount = v.OneOf("EvaluateLowSampleCountPercentile", input.String("EvaluateLowSampleCountPercentile"), ["evaluate", "ignore"], required: false);
        var unit = CloudWatchShapes.Unit(v, input);
        if (evaluationPeriods is null)
        {
            v.Required("EvaluationPeriods", null, 0, 0);
        }
        else if (evaluationPeriods < 1)
        {
            v.Fail("EvaluationPeriods", evaluationPeriods.Value.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        }

        if (datapointsToAlarm is < 1)
        {
            v.Fail("DatapointsToAlarm", datapointsToAlarm.Value.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        }

        if (period is < 1)
        {
            v.Fail("Period", period.Value.ToString(CultureInfo.InvariantCulture), "Member must have value greater than or equal to 1");
        }

        if (input.List("Metrics") is { Count: > 0 } || input.String("ThresholdMetricId") is not null)
        {
            throw CloudWatchErrors.Unsupported(input.String("ThresholdMetricId") is null ? "Metrics" : "ThresholdMetricId",
                "alarms on metric math or anomaly detection; give MetricName, Namespace and a statistic");
        }

        if (input.List("Tags") is { Count: > 0 })
        {
            throw CloudWatchErrors.Unsupported("Tags", "alarm tags");
        }

        var ns = CloudWatchShapes.Namespace(v, input, required: false);
        var metricName = v.Optional("MetricName", input.String("MetricName"), 1, 255);
        var dimensions = CloudWatchShapes.Dimensions(v, input);
        v.ThrowIfInvalid();

        if (comparison is not null && ComparisonOperators.AnomalyBand.Contains(comparison))
        {
            throw CloudWatchErrors.Unsupported("ComparisonOperator", $"{comparison} compares with an anomaly detection band, which Gatehouse does not compute");
        }

        if (ns is null || metricName is null)
        {
            throw new AwsException(400, "MissingParameter", ns is null ? "The parameter Namespace is required." : "The parameter MetricName is required.");
        }

        if ((statistic is null) == (extended is null))
        {
            throw CloudWatchErrors.Combination("Exactly one of Statistic and ExtendedStatistic must be specified.");
        }

        if (period is null)
        {
            throw new AwsException(400, "MissingParameter", "The parameter Period is required.");
        }

        if (threshold is null)
        {
            throw new AwsException(400, "MissingParameter", "The parameter Threshold is required.");
        }

        if (!double.IsFinite(threshold.Value))
        {
            throw CloudWatchErrors.InvalidValue("Threshold", threshold);
        }

        CheckPeriod("Period", period.Value);
        var maxSpan = period.Value >= 3600 ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
        if (TimeSpan.FromSeconds((double)period.Value * evaluationPeriods!.Value) > maxSpan)
        {
            throw CloudWatchErrors.Combination(period.Value >= 3600
                ? "The product of EvaluationPeriods and Period must not exceed 7 days (604,800 seconds)."
                : "The product of EvaluationPeriods and Period must not exceed one day (86,400 seconds) for periods under an hour.");
        }

        if (datapointsToAlarm > evaluationPeriods)
        {
            throw CloudWatchErrors.InvalidValue($"DatapointsToAlarm ({datapointsToAlarm}) must be less than or equal to EvaluationPeriods ({evaluationPeriods}).");
        }

        if (lowSampleCount == "ignore")
        {
            throw CloudWatchErrors.Unsupported("EvaluateLowSampleCountPercentile", "'ignore' (Gatehouse always evaluates percentiles, whatever the sample count)");
        }

        var now = Now();
        await alarms.PutAsync(new MetricAlarm
        {
            AlarmName = name!,
            AlarmArn = alarms.ArnOf(name!),
            AlarmDescription = description,
            AlarmConfigurationUpdatedTimestamp = now,
            ActionsEnabled = actionsEnabled,
            OKActions = okActions,
            AlarmActions = alarmActions,
            InsufficientDataActions = insufficientActions,
            Metric = new MetricKey(ns, metricName, dimensions),
            Statistic = statistic,
            ExtendedStatistic = extended,
            Period = period.Value,
            Unit = unit,
            EvaluationPeriods = evaluationPeriods.Value,
            DatapointsToAlarm = datapointsToAlarm,
            Threshold = threshold.Value,
            ComparisonOperator = comparison!,
            TreatMissingData = treatMissing,
            EvaluateLowSampleCountPercentile = lowSampleCount,
            StateUpdatedTimestamp = now,
            StateTransitionedTimestamp = now,
        }, cancellationToken);
        return null;
    }

    /// <summary>
    /// An alarm's actions of one state: at most five, each an SNS topic of this region and account (the only action
    /// Gatehouse can run; Auto Scaling, EC2, Systems Manager and Lambda actions are refused).
    /// </summary>
    private List<string> Actions(QueryValidator v, ICloudWatchInput input, string member)
    {
        var actions = input.StringList(member) ?? [];
        if (actions.Count > MaxActions)
        {
            v.Fail(member, null, $"Member must have length less than or equal to {MaxActions}");
        }

        for (var i = 0; i < actions.Count; i++)
        {
            var arn = actions[i];
            var parts = arn.Split(':');
            if (parts.Length < 6 || parts[0] != "arn")
            {
                throw CloudWatchErrors.InvalidValue($"Invalid arn syntax: {arn} (in {member}.member.{i + 1}).");
            }

            if (parts[2] != "sns")
            {
                throw CloudWatchErrors.Unsupported($"{member}.member.{i + 1}", $"the action {arn}: Gatehouse runs SNS topic actions (arn:aws:sns:...) only");
            }

            if (parts[3] != options.Region)
            {
                throw CloudWatchErrors.InvalidValue($"Invalid region {parts[3]} specified. Only {options.Region} is supported.");
            }
        }

        return [.. actions];
    }

    private async Task<Action<IShapeWriter>?> DescribeAlarmsAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var names = input.StringList("AlarmNames");
        if (names is { Count: > MaxAlarmNames })
        {
            v.Fail("AlarmNames", null, $"Member must have length less than or equal to {MaxAlarmNames}");
        }

        var prefix = v.Optional("AlarmNamePrefix", input.String("AlarmNamePrefix"), 1, 255);
        var types = input.StringList("AlarmTypes");
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            v.OneOf($"AlarmTypes.member.{i + 1}", types![i], ["CompositeAlarm", "MetricAlarm"], required: true);
        }

        var children = v.Optional("ChildrenOfAlarmName", input.String("ChildrenOfAlarmName"), 1, 255);
        var parents = v.Optional("ParentsOfAlarmName", input.String("ParentsOfAlarmName"), 1, 255);
        var state = v.OneOf("StateValue", input.String("StateValue"), AlarmStates.All, required: false);
        var actionPrefix = v.Optional("ActionPrefix", input.String("ActionPrefix"), 1, 1024);
        var maxRecords = MaxRecords(v, input, 50);
        var token = input.String("NextToken");
        v.ThrowIfInvalid();
        if (names is { Count: > 0 } && prefix is not null)
        {
            throw CloudWatchErrors.Combination("AlarmNames and AlarmNamePrefix cannot be specified together.");
        }

        if ((children is not null || parents is not null) && (names is { Count: > 0 } || prefix is not null || state is not null || actionPrefix is not null))
        {
            throw CloudWatchErrors.Combination("ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with other filters.");
        }

        var all = await alarms.Store.ListAsync(cancellationToken);
        // Children and parents are composite-alarm relations; Gatehouse has metric alarms only, which have neither.
        var wantMetricAlarms = children is null && parents is null && (types is not { Count: > 0 } || types.Contains("MetricAlarm"));
        var selected = !wantMetricAlarms ? [] : all.Where(a =>
            (names is not { Count: > 0 } || names.Contains(a.AlarmName)) &&
            (prefix is null || a.AlarmName.StartsWith(prefix, StringComparison.Ordinal)) &&
            (state is null || a.StateValue == state) &&
            (actionPrefix is null || a.OKActions.Concat(a.AlarmActions).Concat(a.InsufficientDataActions).Any(x => x.StartsWith(actionPrefix, StringComparison.Ordinal))))
            .ToList();
        var (page, next) = Page(selected, a => a.AlarmName, token, maxRecords);
        return w =>
        {
            w.List("CompositeAlarms", Array.Empty<MetricAlarm>(), WriteAlarm);
            w.List("MetricAlarms", page, WriteAlarm);
            w.String("NextToken", next);
        };
    }

    private async Task<Action<IShapeWriter>?> DescribeAlarmsForMetricAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var metric = CloudWatchShapes.Metric(v, input);
        var statistic = v.OneOf("Statistic", input.String("Statistic"), CloudWatchShapes.Statistics, required: false);
        var extended = input.String("ExtendedStatistic");
        var period = input.Int("Period");
        var unit = CloudWatchShapes.Unit(v, input);
        v.ThrowIfInvalid();
        var found = (await alarms.Store.ListAsync(cancellationToken)).Where(a =>
            a.Metric.Equals(metric) &&
            (statistic is null || a.Statistic == statistic) &&
            (extended is null || a.ExtendedStatistic == extended) &&
            (period is null || a.Period == period) &&
            (unit is null || a.Unit == unit)).ToList();
        return w => w.List("MetricAlarms", found, WriteAlarm);
    }

    private async Task<Action<IShapeWriter>?> DeleteAlarmsAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var names = AlarmNames(input);
        var missing = await alarms.DeleteAsync(names, cancellationToken);
        if (missing.Count > 0)
        {
            throw CloudWatchErrors.NotFound($"{missing.Count} of {names.Distinct(StringComparer.Ordinal).Count()} alarms not found: {string.Join(", ", missing)}. No alarm was deleted.");
        }

        return null;
    }

    private async Task<Action<IShapeWriter>?> SetAlarmStateAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var name = v.Required("AlarmName", input.String("AlarmName"), 1, 255);
        var state = v.OneOf("StateValue", input.String("StateValue"), AlarmStates.All, required: true);
        var reason = v.Required("StateReason", input.String("StateReason"), 0, 1023);
        var reasonData = v.Optional("StateReasonData", input.String("StateReasonData"), 0, 4000);
        v.ThrowIfInvalid();
        if (reasonData is { Length: > 0 })
        {
            try
            {
                using var parsed = JsonDocument.Parse(reasonData);
            }
            catch (JsonException)
            {
                throw CloudWatchErrors.InvalidFormat("StateReasonData must be valid JSON.");
            }
        }

        if (!await alarms.SetStateAsync(name!, state!, reason!, reasonData is { Length: > 0 } ? reasonData : null, cancellationToken))
        {
            throw CloudWatchErrors.NotFound($"Alarm {name} not found");
        }

        return null;
    }

    private async Task<Action<IShapeWriter>?> DescribeAlarmHistoryAsync(ICloudWatchInput input, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var name = v.Optional("AlarmName", input.String("AlarmName"), 1, 255);
        var types = input.StringList("AlarmTypes");
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            v.OneOf($"AlarmTypes.member.{i + 1}", types![i], ["CompositeAlarm", "MetricAlarm"], required: true);
        }

        var itemType = v.OneOf("HistoryItemType", input.String("HistoryItemType"), HistoryItemTypes.All, required: false);
        var start = input.Timestamp("StartDate");
        var end = input.Timestamp("EndDate");
        var maxRecords = MaxRecords(v, input, 100);
        var scanBy = v.OneOf("ScanBy", input.String("ScanBy"), ["TimestampDescending", "TimestampAscending"], required: false) ?? "TimestampDescending";
        var token = input.String("NextToken");
        v.ThrowIfInvalid();
        var items = types is { Count: > 0 } && !types.Contains("MetricAlarm")
            ? []
            : await alarms.Store.HistoryAsync(name, itemType, start, end, scanBy == "TimestampAscending", cancellationToken);
        var offset = token is null ? 0 : DecodeOffset(token);
        var page = items.Skip(offset).Take(maxRecords).ToList();
        var next = offset + maxRecords < items.Count ? EncodeOffset(offset + maxRecords) : null;
        return w =>
        {
            w.List("AlarmHistoryItems", page, (h, item) =>
            {
                h.String("AlarmName", item.AlarmName);
                h.String("AlarmType", "MetricAlarm");
                h.Timestamp("Timestamp", item.Timestamp);
                h.String("HistoryItemType", item.HistoryItemType);
                h.String("HistorySummary", item.HistorySummary);
                h.String("HistoryData", item.HistoryData);
            });
            w.String("NextToken", next);
        };
    }

    private async Task<Action<IShapeWriter>?> SetAlarmActionsAsync(ICloudWatchInput input, bool enabled, CancellationToken cancellationToken)
    {
        await alarms.SetActionsEnabledAsync(AlarmNames(input), enabled, cancellationToken);
        return null;
    }

    /// <summary>MaxRecords: 1 to 100, <paramref name="defaultValue"/> when absent.</summary>
    private static int MaxRecords(QueryValidator v, ICloudWatchInput input, int defaultValue)
    {
        var value = input.Int("MaxRecords");
        if (value is < 1 or > 100)
        {
            v.Fail("MaxRecords", value.Value.ToString(CultureInfo.InvariantCulture), "Member must have value between 1 and 100");
        }

        return value ?? defaultValue;
    }

    private static List<string> AlarmNames(ICloudWatchInput input)
    {
        var v = new QueryValidator();
        var names = input.StringList("AlarmNames");
        if (names is null)
        {
            v.Required("AlarmNames", null, 0, 0);
        }
        else if (names.Count > MaxAlarmNames)
        {
            v.Fail("AlarmNames", null, $"Member must have length less than or equal to {MaxAlarmNames}");
        }

        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            v.Required($"AlarmNames.member.{i + 1}", names![i], 1, 255);
        }

        v.ThrowIfInvalid();
        return [.. names!];
    }

    private static void WriteAlarm(IShapeWriter w, MetricAlarm alarm)
    {
        w.String("AlarmName", alarm.AlarmName);
        w.String("AlarmArn", alarm.AlarmArn);
        w.String("AlarmDescription", alarm.AlarmDescription);
        w.Timestamp("AlarmConfigurationUpdatedTimestamp", alarm.AlarmConfigurationUpdatedTimestamp);
        w.Bool("ActionsEnabled", alarm.ActionsEnabled);
        w.StringList("OKActions", alarm.OKActions);
        w.StringList("AlarmActions", alarm.AlarmActions);
        w.StringList("InsufficientDataActions", alarm.InsufficientDataActions);
        w.String("StateValue", alarm.StateValue);
        w.String("StateReason", alarm.StateReason);
        w.String("StateReasonData", alarm.StateReasonData);
        w.Timestamp("StateUpdatedTimestamp", alarm.StateUpdatedTimestamp);
        w.String("MetricName", alarm.Metric.MetricName);
        w.String("Namespace", alarm.Metric.Namespace);
        w.String("Statistic", alarm.Statistic);
        w.String("ExtendedStatistic", alarm.ExtendedStatistic);
        w.List("Dimensions", alarm.Metric.Dimensions, (d, dimension) =>
        {
            d.String("Name", dimension.Name);
            d.String("Value", dimension.Value);
        });
        w.Int("Period", alarm.Period);
        w.String("Unit", alarm.Unit);
        w.Int("EvaluationPeriods", alarm.EvaluationPeriods);
        w.Int("DatapointsToAlarm", alarm.DatapointsToAlarm);
        w.Number("Threshold", alarm.Threshold);
        w.String("ComparisonOperator", alarm.ComparisonOperator);
        w.String("TreatMissingData", alarm.TreatMissingData);
        w.String("EvaluateLowSampleCountPercentile", alarm.EvaluateLowSampleCountPercentile);
        w.Timestamp("StateTransitionedTimestamp", alarm.StateTransitionedTimestamp);
    }
}
