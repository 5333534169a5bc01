namespace Gatehouse.Observability.Logs;

/// <summary>A log group as stored: its name, creation time (ms since the epoch), retention and bytes stored.</summary>
public sealed record LogGroupInfo(string Name, long CreationTime, int? RetentionInDays, long StoredBytes);

/// <summary>A log stream as stored (times in ms since the epoch; the event times are null until the first event).</summary>
public sealed record LogStreamInfo(string Name, long CreationTime, long? FirstEventTimestamp, long? LastEventTimestamp, long? LastIngestionTime);

/// <summary>One event to store: when it happened (ms since the epoch) and its message.</summary>
public readonly record struct InputLogEvent(long Timestamp, string Message);

/// <summary>One stored event: its place in the order of events, its stream, when it was ingested, and its message.</summary>
public sealed record StoredLogEvent(LogPosition Position, string LogStreamName, long IngestionTime, string Message)
{
    public long Timestamp => Position.Timestamp;

    /// <summary>The event's id as FilterLogEvents reports it: its position, 56 digits.</summary>
    public string EventId => Position.Format();
}

/// <summary>How DescribeLogStreams orders streams.</summary>
public enum LogStreamOrder
{
    LogStreamName,
    LastEventTime,
}

/// <summary>What a store operation found: done, or which of the resources named was missing or already there.</summary>
public enum LogStoreStatus
{
    Ok,
    GroupNotFound,
    StreamNotFound,
    AlreadyExists,
}

/// <summary>A page of FilterLogEvents: the matching events, and where the next page starts when there may be more.</summary>
public sealed record FilteredEventPage(IReadOnlyList<StoredLogEvent> Events, LogPosition? Next);

/// <summary>A query of FilterLogEvents over one group (times in ms, both ends inclusive).</summary>
public sealed record EventFilter
{
    public long StartTime { get; init; }

    public long EndTime { get; init; } = long.MaxValue;

    /// <summary>Only these streams, when set.</summary>
    public IReadOnlyList<string>? StreamNames { get; init; }

    /// <summary>Only streams whose names start with this, when set.</summary>
    public string? StreamNamePrefix { get; init; }

    /// <summary>Events after this position only (a page token).</summary>
    public LogPosition After { get; init; } = LogPosition.Start;

    public int Limit { get; init; } = 10_000;

    /// <summary>Whether a message is wanted (the compiled filter pattern).</summary>
    public Func<string, bool> Matches { get; init; } = static _ => true;
}
