using Gatehouse.Observability.Metrics;

namespace Gatehouse.Observability.Alarms;

/// <summary>
/// A CloudWatch metric alarm: its configuration as PutMetricAlarm gave it, and its state as evaluation (or
/// SetAlarmState) left it. Immutable; every change is a new value stored whole.
/// </summary>
public sealed record MetricAlarm
{
    public required string AlarmName { get; init; }
    public required string AlarmArn { get; init; }
    public string? AlarmDescription { get; init; }
    public required DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }
    public bool ActionsEnabled { get; init; } = true;
    public IReadOnlyList<string> OKActions { get; init; } = [];
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];
    public required MetricKey Metric { get; init; }

    /// <summary><c>SampleCount</c>, <c>Average</c>, <c>Sum</c>, <c>Minimum</c> or <c>Maximum</c>; null with an extended statistic.</summary>
    public string? Statistic { get; init; }

    /// <summary>A percentile, <c>p99</c> or <c>p99.9</c>; null with a statistic.</summary>
    public string? ExtendedStatistic { get; init; }

    public required int Period { get; init; }
    public string? Unit { get; init; }
    public required int EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public required double Threshold { get; init; }
    public required string ComparisonOperator { get; init; }

    /// <summary>As given; evaluation reads a missing value as <c>missing</c>.</summary>
    public string? TreatMissingData { get; init; }

    public string? EvaluateLowSampleCountPercentile { get; init; }

    public string StateValue { get; init; } = AlarmStates.InsufficientData;
    public string StateReason { get; init; } = "Unchecked: Initial alarm creation";
    public string? StateReasonData { get; init; }
    public required DateTimeOffset StateUpdatedTimestamp { get; init; }
    public required DateTimeOffset StateTransitionedTimestamp { get; init; }

    /// <summary>M of M-of-N: DatapointsToAlarm, or all the evaluation periods when not set.</summary>
    public int RequiredDatapoints => DatapointsToAlarm ?? EvaluationPeriods;

    public string MissingDataTreatment => TreatMissingData ?? Alarms.TreatMissingData.Missing;

    /// <summary>The actions of a state: AlarmActions for ALARM, OKActions for OK, InsufficientDataActions for INSUFFICIENT_DATA.</summary>
    public IReadOnlyList<string> ActionsFor(string state) => state switch
    {
        AlarmStates.Alarm => AlarmActions,
        AlarmStates.Ok => OKActions,
        _ => InsufficientDataActions,
    };
}

/// <summary>The three states of an alarm, as CloudWatch spells them.</summary>
public static class AlarmStates
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    public static readonly IReadOnlyList<string> All = [Ok, Alarm, InsufficientData];
}

/// <summary>TreatMissingData's values.</summary>
public static class TreatMissingData
{
    public const string Missing = "missing";
    public const string NotBreaching = "notBreaching";
    public const string Breaching = "breaching";
    public const string Ignore = "ignore";

    public static readonly IReadOnlyList<string> All = [Breaching, NotBreaching, Ignore, Missing];
}

/// <summary>The comparison operators of metric alarms with a static threshold.</summary>
public static class ComparisonOperators
{
    public const string GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold";
    public const string GreaterThanThreshold = "GreaterThanThreshold";
    public const string LessThanThreshold = "LessThanThreshold";
    public const string LessThanOrEqualToThreshold = "LessThanOrEqualToThreshold";

    public static readonly IReadOnlyList<string> Static =
        [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold];

    /// <summary>The anomaly-detection operators, which need a band (ThresholdMetricId) Gatehouse does not compute.</summary>
    public static readonly IReadOnlyList<string> AnomalyBand =
        ["LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold"];

    public static bool Breaches(string comparison, double value, double threshold) => comparison switch
    {
        GreaterThanOrEqualToThreshold => value >= threshold,
        GreaterThanThreshold => value > threshold,
        LessThanThreshold => value < threshold,
        LessThanOrEqualToThreshold => value <= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "not a static-threshold comparison"),
    };

    /// <summary>The words of a state reason: <c>greater than</c>, <c>less than or equal to</c>.</summary>
    public static string Words(string comparison) => comparison switch
    {
        GreaterThanOrEqualToThreshold => "greater than or equal to",
        GreaterThanThreshold => "greater than",
        LessThanThreshold => "less than",
        LessThanOrEqualToThreshold => "less than or equal to",
        _ => comparison,
    };
}

/// <summary>One entry of an alarm's history.</summary>
public sealed record AlarmHistoryItem(
    string AlarmName,
    DateTimeOffset Timestamp,
    string HistoryItemType,
    string HistorySummary,
    string HistoryData);

/// <summary>HistoryItemType's values.</summary>
public static class HistoryItemTypes
{
    public const string ConfigurationUpdate = "ConfigurationUpdate";
    public const string StateUpdate = "StateUpdate";
    public const string Action = "Action";

    public static readonly IReadOnlyList<string> All = [ConfigurationUpdate, StateUpdate, Action];
}
