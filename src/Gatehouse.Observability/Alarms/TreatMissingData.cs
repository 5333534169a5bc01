namespace Gatehouse.Observability.Alarms;

/// <summary>TreatMissingData's values.</summary>
public static class TreatMissingData
{
    public const string Missing = "missing";
    public const string NotBreaching = "notBreaching";
    public const string Breaching = "breaching";
    public const string Ignore = "ignore";

    public static readonly IReadOnlyList<string> All = [Breaching, NotBreaching, Ignore, Missing];
}
