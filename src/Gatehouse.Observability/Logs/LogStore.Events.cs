using System.Text;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>One event queued by the background writer, with the group and stream it goes to.</summary>
public readonly record struct PendingLogEvent(string Group, string Stream, long Timestamp, string Message);

/// <summary>Events: append, read a stream in either direction, filter a group.</summary>
public sealed partial class LogStore
{
    /// <summary>Bytes of messages one read returns at most, as AWS caps a response at 1 MB.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>Rows FilterLogEvents examines per call at most; past that it answers with what it has and a token.</summary>
    public const int MaxScannedRows = 200_000;

    /// <summary>PutLogEvents: appends to an existing stream, in one transaction.</summary>
    public LogStoreStatus PutEvents(string group, string stream, IReadOnlyList<InputLogEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Write(transaction =>
        {
            if (GroupId(_writer, group, transaction) is not { } groupId)
            {
                return LogStoreStatus.GroupNotFound;
            }

            if (StreamId(_writer, groupId, stream, transaction) is not { } streamId)
            {
                return LogStoreStatus.StreamNotFound;
            }

            using var insert = InsertCommand(transaction);
            var now = Now;
            var batch = new StreamBatch(groupId, streamId);
            foreach (var e in events)
            {
                Insert(insert, batch, e.Timestamp, e.Message, now);
            }

            UpdateStatistics(transaction, batch, now);
            return LogStoreStatus.Ok;
        });
    }

    /// <summary>
    /// The background writer's batch: appends every event in one transaction, creating groups and streams that do not
    /// exist (as the gateway's access logs and Lambda's function logs do).
    /// </summary>
    public void Append(IReadOnlyList<PendingLogEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        Write(transaction =>
        {
            try
            {
                AppendIn(transaction, events);
            }
            catch
            {
                // The ids of groups and streams created in a transaction that did not commit are not real.
                _streamIds.Clear();
                throw;
            }

            return 0;
        });
    }

    private void AppendIn(SqliteTransaction transaction, IReadOnlyList<PendingLogEvent> events)
    {
        using var insert = InsertCommand(transaction);
        var now = Now;
        var batches = new Dictionary<(string, string), StreamBatch>();
        foreach (var e in events)
        {
            var key = (e.Group, e.Stream);
            if (!batches.TryGetValue(key, out var batch))
            {
                var (groupId, streamId) = EnsureStream(transaction, e.Group, e.Stream, now);
                batch = new StreamBatch(groupId, streamId);
                batches[key] = batch;
            }

            Insert(insert, batch, e.Timestamp, e.Message, now);
        }

        foreach (var batch in batches.Values)
        {
            UpdateStatistics(transaction, batch, now);
        }
    }

    /// <summary>
    /// GetLogEvents: a stream's events in [<paramref name="startTime"/>, <paramref name="endTime"/>) and within the
    /// group's retention, after <paramref name="from"/> (forward, the first ones) or before it (backward, the last
    /// ones), in ascending order either way; at most <paramref name="limit"/> events and about 1 MB.
    /// </summary>
    public LogStoreStatus ReadEvents(string group, string stream, long startTime, long endTime, LogPosition from, bool forward, int limit,
        out IReadOnlyList<StoredLogEvent> events)
    {
        events = [];
        using var connection = Open();
        if (GroupId(connection, group) is not { } groupId)
        {
            return LogStoreStatus.GroupNotFound;
        }

        if (StreamId(connection, groupId, stream) is not { } streamId)
        {
            return LogStoreStatus.StreamNotFound;
        }

        startTime = Math.Max(startTime, RetentionCutoff(connection, groupId));
        var sql = forward
            ? """
              SELECT id, timestamp, ingestion_time, message FROM log_events
              WHERE stream_id = $stream AND timestamp >= $start AND timestamp < $end AND timestamp >= $fromTime AND (timestamp, id) > ($fromTime, $fromId)
              ORDER BY timestamp, id LIMIT $limit;
              """
            : """
              SELECT id, timestamp, ingestion_time, message FROM log_events
              WHERE stream_id = $stream AND timestamp >= $start AND timestamp < $end AND timestamp <= $fromTime AND (timestamp, id) < ($fromTime, $fromId)
              ORDER BY timestamp DESC, id DESC LIMIT $limit;
              """;
        using var command = Command(connection, sql, null,
            [("$stream", streamId), ("$start", startTime), ("$end", endTime), ("$fromTime", from.Timestamp), ("$fromId", from.Id), ("$limit", limit)]);
        using var reader = command.ExecuteReader();
        var list = new List<StoredLogEvent>();
        long bytes = 0;
        while (reader.Read())
        {
            var message = reader.GetString(3);
            bytes += Encoding.UTF8.GetByteCount(message) + 26;
            if (bytes > MaxResponseBytes && list.Count > 0)
            {
                break;
            }

            list.Add(new StoredLogEvent(new LogPosition(reader.GetInt64(1), reader.GetInt64(0)), stream, reader.GetInt64(2), message));
        }

        if (!forward)
        {
            list.Reverse();
        }

        events = list;
        return LogStoreStatus.Ok;
    }

    /// <summary>
    /// FilterLogEvents: the group's events in time order (across its streams) that the filter wants, within the
    /// group's retention. The page's <see cref="FilteredEventPage.Next"/> is set when more events may match.
    /// </summary>
    public FilteredEventPage? FilterEvents(string group, EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var connection = Open();
        if (GroupId(connection, group) is not { } groupId)
        {
            return null;
        }

        var startTime = Math.Max(filter.StartTime, RetentionCutoff(connection, groupId));
        var streamCondition = "";
        var parameters = new List<(string, object?)>
        {
            ("$group", groupId), ("$start", startTime), ("$end", filter.EndTime), ("$afterTime", filter.After.Timestamp),
            ("$afterId", filter.After.Id), ("$scan", MaxScannedRows),
        };
        if (filter.StreamNames is { Count: > 0 } names)
        {
            streamCondition = $"AND s.name IN ({string.Join(", ", names.Select((_, i) => "$s" + i))})";
            parameters.AddRange(names.Select((name, i) => ("$s" + i, (object?)name)));
        }
        else if (filter.StreamNamePrefix is { } prefix)
        {
            streamCondition = "AND substr(s.name, 1, length($prefix)) = $prefix";
            parameters.Add(("$prefix", prefix));
        }

        using var command = Command(connection, $"""
            SELECT e.id, e.timestamp, e.ingestion_time, e.message, s.name FROM log_events e JOIN log_streams s ON s.id = e.stream_id
            WHERE e.group_id = $group AND e.timestamp >= $start AND e.timestamp <= $end
              AND e.timestamp >= $afterTime AND (e.timestamp, e.id) > ($afterTime, $afterId) {streamCondition}
            ORDER BY e.timestamp, e.id LIMIT $scan;
            """, null, [.. parameters]);
        using var reader = command.ExecuteReader();
        var events = new List<StoredLogEvent>();
        long bytes = 0;
        var scanned = 0;
        var last = filter.After;
        while (reader.Read())
        {
            scanned++;
            var position = new LogPosition(reader.GetInt64(1), reader.GetInt64(0));
            var message = reader.GetString(3);
            if (!filter.Matches(message))
            {
                last = position;
                continue;
            }

            bytes += Encoding.UTF8.GetByteCount(message) + 26;
            if (events.Count == filter.Limit || (bytes > MaxResponseBytes && events.Count > 0))
            {
                // One more match exists: the next page starts after the last event returned.
                return new FilteredEventPage(events, events[^1].Position);
            }

            events.Add(new StoredLogEvent(position, reader.GetString(4), reader.GetInt64(2), message));
            last = position;
        }

        // Scanned as much as one call may without reaching the end: answer with a token, as AWS may (even with no events).
        return new FilteredEventPage(events, scanned == MaxScannedRows ? last : null);
    }

    private long RetentionCutoff(SqliteConnection connection, long groupId) =>
        Scalar(connection, "SELECT retention_days FROM log_groups WHERE id = $id;", null, ("$id", groupId)) is long days
            ? LogRetention.Cutoff((int)days, Now)
            : 0;

    private (long GroupId, long StreamId) EnsureStream(SqliteTransaction transaction, string group, string stream, long now)
    {
        if (_streamIds.TryGetValue((group, stream), out var ids))
        {
            return ids;
        }

        Execute(_writer, "INSERT INTO log_groups (name, creation_time) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING;", transaction, ("$name", group), ("$now", now));
        var groupId = GroupId(_writer, group, transaction)!.Value;
        Execute(_writer, "INSERT INTO log_streams (group_id, name, creation_time) VALUES ($group, $name, $now) ON CONFLICT (group_id, name) DO NOTHING;",
            transaction, ("$group", groupId), ("$name", stream), ("$now", now));
        var streamId = StreamId(_writer, groupId, stream, transaction)!.Value;
        if (_streamIds.Count >= 10_000)
        {
            _streamIds.Clear();
        }

        _streamIds[(group, stream)] = (groupId, streamId);
        return (groupId, streamId);
    }

    private SqliteCommand InsertCommand(SqliteTransaction transaction)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO log_events (group_id, stream_id, timestamp, ingestion_time, message) VALUES ($group, $stream, $timestamp, $now, $message);";
        command.Parameters.Add("$group", SqliteType.Integer);
        command.Parameters.Add("$stream", SqliteType.Integer);
        command.Parameters.Add("$timestamp", SqliteType.Integer);
        command.Parameters.Add("$now", SqliteType.Integer);
        command.Parameters.Add("$message", SqliteType.Text);
        command.Prepare();
        return command;
    }

    private static void Insert(SqliteCommand insert, StreamBatch batch, long timestamp, string message, long now)
    {
        insert.Parameters[0].Value = batch.GroupId;
        insert.Parameters[1].Value = batch.StreamId;
        insert.Parameters[2].Value = timestamp;
        insert.Parameters[3].Value = now;
        insert.Parameters[4].Value = message;
        insert.ExecuteNonQuery();
        batch.Add(timestamp, Encoding.UTF8.GetByteCount(message));
    }

    private void UpdateStatistics(SqliteTransaction transaction, StreamBatch batch, long now)
    {
        if (batch.Count == 0)
        {
            return;
        }

        Execute(_writer, """
            UPDATE log_streams SET first_event = min(coalesce(first_event, $first), $first), last_event = max(coalesce(last_event, $last), $last),
                last_ingestion = $now WHERE id = $id;
            """, transaction, ("$id", batch.StreamId), ("$first", batch.First), ("$last", batch.Last), ("$now", now));
        Execute(_writer, "UPDATE log_groups SET stored_bytes = stored_bytes + $bytes WHERE id = $id;", transaction, ("$id", batch.GroupId), ("$bytes", batch.Bytes));
    }

    /// <summary>What one transaction added to one stream.</summary>
    private sealed class StreamBatch(long groupId, long streamId)
    {
        public long GroupId { get; } = groupId;

        public long StreamId { get; } = streamId;

        public long First { get; private set; } = long.MaxValue;

        public long Last { get; private set; } = long.MinValue;

        public long Bytes { get; private set; }

        public int Count { get; private set; }

        public void Add(long timestamp, int bytes)
        {
            First = Math.Min(First, timestamp);
            Last = Math.Max(Last, timestamp);
            Bytes += bytes;
            Count++;
        }
    }
}
