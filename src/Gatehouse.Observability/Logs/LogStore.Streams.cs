using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>Where a page of DescribeLogStreams ended: the last stream's name (and last event time, when ordered by it).</summary>
public readonly record struct LogStreamCursor(long LastEventTime, string Name);

/// <summary>Log streams: create, delete, describe.</summary>
public sealed partial class LogStore
{
    public LogStoreStatus CreateStream(string group, string stream) => Write(transaction =>
    {
        if (GroupId(_writer, group, transaction) is not { } groupId)
        {
            return LogStoreStatus.GroupNotFound;
        }

        using var insert = Command(_writer,
            "INSERT INTO log_streams (group_id, name, creation_time) VALUES ($group, $name, $now) ON CONFLICT (group_id, name) DO NOTHING;",
            transaction, [("$group", groupId), ("$name", stream), ("$now", Now)]);
        return insert.ExecuteNonQuery() == 1 ? LogStoreStatus.Ok : LogStoreStatus.AlreadyExists;
    });

    public LogStoreStatus DeleteStream(string group, string stream) => Write(transaction =>
    {
        if (GroupId(_writer, group, transaction) is not { } groupId)
        {
            return LogStoreStatus.GroupNotFound;
        }

        if (StreamId(_writer, groupId, stream, transaction) is not { } streamId)
        {
            return LogStoreStatus.StreamNotFound;
        }

        var bytes = Scalar(_writer, "SELECT SUM(bytes) FROM log_chunks WHERE stream_id = $id;", transaction, ("$id", streamId)) as long? ?? 0;
        Execute(_writer, "DELETE FROM log_chunks WHERE stream_id = $id;", transaction, ("$id", streamId));
        Execute(_writer, "DELETE FROM log_streams WHERE id = $id;", transaction, ("$id", streamId));
        Execute(_writer, "UPDATE log_groups SET stored_bytes = max(0, stored_bytes - $bytes) WHERE id = $id;", transaction, ("$id", groupId), ("$bytes", bytes));
        _streamIds.Clear();
        return LogStoreStatus.Ok;
    });

    /// <summary>
    /// A page of the group's streams after <paramref name="after"/>: by name, or by last event time (then name; streams
    /// without events count as 0), ascending or descending. Null when the group does not exist.
    /// </summary>
    public IReadOnlyList<LogStreamInfo>? ListStreams(string group, string? prefix, LogStreamOrder order, bool descending, LogStreamCursor? after, int limit)
    {
        using var connection = Open();
        if (GroupId(connection, group) is not { } groupId)
        {
            return null;
        }

        var direction = descending ? "DESC" : "ASC";
        var comparison = descending ? "<" : ">";
        var (orderBy, cursor) = order == LogStreamOrder.LastEventTime
            ? ($"coalesce(last_event, 0) {direction}, name {direction}", $"(coalesce(last_event, 0), name) {comparison} ($afterTime, $afterName)")
            : ($"name {direction}", $"name {comparison} $afterName");
        using var command = Command(connection, $"""
            SELECT name, creation_time, first_event, last_event, last_ingestion FROM log_streams
            WHERE group_id = $group
              AND ($prefix IS NULL OR substr(name, 1, length($prefix)) = $prefix)
              AND ($afterName IS NULL OR {cursor})
            ORDER BY {orderBy} LIMIT $limit;
            """, null, [("$group", groupId), ("$prefix", prefix), ("$afterName", after?.Name), ("$afterTime", after?.LastEventTime ?? 0), ("$limit", limit)]);
        using var reader = command.ExecuteReader();
        var streams = new List<LogStreamInfo>();
        while (reader.Read())
        {
            streams.Add(ReadStream(reader));
        }

        return streams;
    }

    public LogStreamInfo? GetStream(string group, string stream)
    {
        using var connection = Open();
        using var command = Command(connection, """
            SELECT s.name, s.creation_time, s.first_event, s.last_event, s.last_ingestion
            FROM log_streams s JOIN log_groups g ON g.id = s.group_id WHERE g.name = $group AND s.name = $name;
            """, null, [("$group", group), ("$name", stream)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadStream(reader) : null;
    }

    private static LogStreamInfo ReadStream(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.IsDBNull(2) ? null : reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetInt64(4));
}
