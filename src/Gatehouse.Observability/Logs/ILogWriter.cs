namespace Gatehouse.Observability.Logs;

/// <summary>
/// Where the gateway writes log events without waiting: API access logs and function logs. An implementation queues
/// the event and returns at once; under overload it drops events and counts them, and never blocks the caller. The
/// log group and stream are created when missing.
/// </summary>
public interface ILogWriter
{
    /// <summary>
    /// Queues one event (timestamp in milliseconds since the epoch); false when it was dropped. The message is copied
    /// before the call returns: the caller may reuse its buffer.
    /// </summary>
    bool TryWrite(string logGroupName, string logStreamName, long timestamp, ReadOnlySpan<char> message);
}
