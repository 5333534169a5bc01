namespace Gatehouse.Observability.Alarms;

/// <summary>One entry of an alarm's history.</summary>
public sealed record AlarmHistoryItem(
    string AlarmName,
    DateTimeOffset Timestamp,
    string HistoryItemType,
    string HistorySummary,
    string HistoryData);
