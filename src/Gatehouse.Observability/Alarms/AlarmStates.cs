namespace Gatehouse.Observability.Alarms;

/// <summary>The three states of an alarm, as CloudWatch spells them.</summary>
public static class AlarmStates
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    public static readonly IReadOnlyList<string> All = [Ok, Alarm, InsufficientData];
}
