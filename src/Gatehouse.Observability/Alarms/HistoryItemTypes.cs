namespace Gatehouse.Observability.Alarms;

/// <summary>HistoryItemType's values.</summary>
public static class HistoryItemTypes
{
    public const string ConfigurationUpdate = "ConfigurationUpdate";
    public const string StateUpdate = "StateUpdate";
    public const string Action = "Action";

    public static readonly IReadOnlyList<string> All = [ConfigurationUpdate, StateUpdate, Action];
}
