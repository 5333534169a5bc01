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
