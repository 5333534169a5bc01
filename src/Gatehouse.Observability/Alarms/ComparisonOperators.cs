namespace Gatehouse.Observability.Alarms;

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
