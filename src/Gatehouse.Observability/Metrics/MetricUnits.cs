namespace Gatehouse.Observability.Metrics;

/// <summary>CloudWatch's unit names (<c>StandardUnit</c>) for the metrics the gateway publishes.</summary>
public static class MetricUnits
{
    public const string Count = "Count";
    public const string Milliseconds = "Milliseconds";
    public const string Bytes = "Bytes";
}
