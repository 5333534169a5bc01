using System.Text;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// One event of the background writer, with the group and stream it goes to; its message in UTF-8 (the writer's
/// buffers hold messages encoded once, when they are queued).
/// </summary>
public readonly record struct PendingLogEvent(string Group, string Stream, long Timestamp, ReadOnlyMemory<byte> Utf8Message)
{
    /// <summary>An event whose message is text (encoded here).</summary>
    public PendingLogEvent(string group, string stream, long timestamp, string message)
        : this(group, stream, timestamp, Encoding.UTF8.GetBytes(message))
    {
    }
}

/// <summary>Events: append (in chunks, <see cref="LogChunk"/>), read a stream in either direction, filter a group.</summary>
public sealed partial class LogStore
{
    /// <summary>Bytes of messages one read returns at most, as AWS caps a response at 1 MB.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>Events FilterLogEvents examines per call at most; past that it answers with what it has and a token.</summary>
    public const int MaxScannedRows = 200_000;

    /// <summary>What AWS counts for an event besides its message, toward a response's 1 MB.</summary>
    private const int EventOverhead = 26;

    /// <summary>Streams whose lists <see cref="Append"/> keeps between batches, at most.</summary>
    private const int MaxKeptAppendStreams = 64;

    /// <summary>Append's lists of events by stream, reused under the write lock.</summary>
    private readonly Dictionary<(string Group, string Stream), List<ChunkInput>> _appendGroups = [];

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

            if (events.Count > 0)
            {
                AppendChunks(transaction, groupId, streamId, [.. events.Select(e => new ChunkInput(e.Timestamp, e.Message))], Now);
            }

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
            // The writer's batches come ten times a second with thousands of events: the per-stream lists are kept
            // from one batch to the next, since lists that size are arrays on the large-object heap, and allocating
            // them batch after batch brings full collections.
            var byStream = _appendGroups;
            List<ChunkInput>? list = null;
            string? group = null, stream = null;
            foreach (var e in events)
            {
                // Writers hand the same name strings over and over (a stage's access log): most events need no lookup.
                if (!ReferenceEquals(e.Group, group) || !ReferenceEquals(e.Stream, stream))
                {
                    (group, stream) = (e.Group, e.Stream);
                    if (!byStream.TryGetValue((group, stream), out list))
                    {
                        byStream[(group, stream)] = list = new List<ChunkInput>(byStream.Count == 0 ? events.Count : 16);
                    }
                }

                list!.Add(new ChunkInput(e.Timestamp, null, e.Utf8Message));
            }

            try
            {
                var now = Now;
                foreach (var ((groupName, streamName), streamEvents) in byStream)
                {
                    if (streamEvents.Count > 0)
                    {
                        var (groupId, streamId) = EnsureStream(transaction, groupName, streamName, now);
                        AppendChunks(transaction, groupId, streamId, streamEvents, now);
                    }
                }
            }
            catch
            {
                // The ids of groups and streams created in a transaction that did not commit are not real.
                _streamIds.Clear();
                throw;
            }
            finally
            {
                // Emptied (the events point into the writer's pages), and forgotten when streams come and go.
                foreach (var streamEvents in byStream.Values)
                {
                    streamEvents.Clear();
                }

                if (byStream.Count > MaxKeptAppendStreams)
                {
                    byStream.Clear();
                }
            }

            return 0;
        });
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

        var min = Math.Max(startTime, RetentionCutoff(connection, groupId));
        var max = endTime == long.MinValue ? long.MinValue : endTime - 1;
        if (forward)
        {
            min = Math.Max(min, from.Timestamp);
        }
        else
        {
            max = Math.Min(max, from.Timestamp);
        }

        // Bounded on the indexed time on both sides (a chunk spans MaxSpanMilliseconds at most), in the index's order:
        // rows come as the merge asks for them, and a read near the end of a long stream touches only the chunks there.
        var sql = forward
            ? """
              SELECT id, first_ts, last_ts, first_index, ingestion_time, data, codec FROM log_chunks INDEXED BY log_chunks_by_stream
              WHERE stream_id = $stream AND first_ts >= $min - $span AND first_ts <= $max AND last_ts >= $min ORDER BY first_ts, last_ts, id;
              """
            : """
              SELECT id, first_ts, last_ts, first_index, ingestion_time, data, codec FROM log_chunks INDEXED BY log_chunks_by_stream_end
              WHERE stream_id = $stream AND last_ts >= $min AND last_ts <= $max + $span AND first_ts <= $max ORDER BY last_ts DESC, id DESC;
              """;
        using var command = Command(connection, sql, null,
            [("$stream", streamId), ("$min", min), ("$max", max), ("$span", LogChunk.MaxSpanMilliseconds)]);
        using var reader = command.ExecuteReader();
        var merge = new ChunkMerge(reader, forward, stream, min, max, from);
        var list = new List<StoredLogEvent>();
        long bytes = 0;
        while (list.Count < limit && merge.TryNext(out var e))
        {
            bytes += e.Length + EventOverhead;
            if (bytes > MaxResponseBytes && list.Count > 0)
            {
                break;
            }

            list.Add(e.ToStored(e.Message()));
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

        var min = Math.Max(Math.Max(filter.StartTime, RetentionCutoff(connection, groupId)), filter.After.Timestamp);
        var streamCondition = "";
        var parameters = new List<(string, object?)> { ("$group", groupId), ("$min", min), ("$max", filter.EndTime), ("$span", LogChunk.MaxSpanMilliseconds) };
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
            SELECT c.id, c.first_ts, c.last_ts, c.first_index, c.ingestion_time, c.data, c.codec, s.name
            FROM log_chunks c INDEXED BY log_chunks_by_group JOIN log_streams s ON s.id = c.stream_id
            WHERE c.group_id = $group AND c.first_ts >= $min - $span AND c.first_ts <= $max AND c.last_ts >= $min {streamCondition}
            ORDER BY c.first_ts, c.last_ts, c.id;
            """, null, [.. parameters]);
        using var reader = command.ExecuteReader();
        var merge = new ChunkMerge(reader, forward: true, stream: null, min, filter.EndTime, filter.After);
        var events = new List<StoredLogEvent>();
        long bytes = 0;
        var scanned = 0;
        var last = filter.After;
        while (scanned < MaxScannedRows && merge.TryNext(out var e))
        {
            scanned++;
            var message = e.Message();
            if (!filter.Matches(message))
            {
                last = e.Position;
                continue;
            }

            bytes += e.Length + EventOverhead;
            if (events.Count == filter.Limit || (bytes > MaxResponseBytes && events.Count > 0))
            {
                // One more match exists: the next page starts after the last event returned.
                return new FilteredEventPage(events, events[^1].Position);
            }

            events.Add(e.ToStored(message));
            last = e.Position;
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

    /// <summary>Stores one stream's events as chunks and updates the stream's times and the group's bytes.</summary>
    private void AppendChunks(SqliteTransaction transaction, long groupId, long streamId, List<ChunkInput> events, long now)
    {
        long first = long.MaxValue, last = long.MinValue, bytes = 0;
        LogChunk.Encode(events, EncodeBuffer, chunk =>
        {
            InsertChunk(transaction, groupId, streamId, chunk, firstIndex: 0, now);
            first = Math.Min(first, chunk.FirstTimestamp);
            last = Math.Max(last, chunk.LastTimestamp);
            bytes += chunk.MessageBytes;
        });
        if (_encodeBuffer is { Capacity: > 4 * LogChunk.MaxBytes })
        {
            _encodeBuffer = null; // one outsized batch does not keep its buffer alive
        }

        WriterCommand("""
            UPDATE log_streams SET first_event = min(coalesce(first_event, $first), $first), last_event = max(coalesce(last_event, $last), $last),
                last_ingestion = $now WHERE id = $id;
            """, transaction, ("$id", streamId), ("$first", first), ("$last", last), ("$now", now)).ExecuteNonQuery();
        WriterCommand("UPDATE log_groups SET stored_bytes = stored_bytes + $bytes WHERE id = $id;", transaction, ("$id", groupId), ("$bytes", bytes))
            .ExecuteNonQuery();
    }

    /// <summary>
    /// One chunk row, its bytes compressed (<see cref="ChunkCodec"/>). The data is bound as a zero-filled blob of its
    /// length and then written in place, so that the writer's buffer goes to SQLite without a copy into a new array
    /// per chunk.
    /// </summary>
    private void InsertChunk(SqliteTransaction transaction, long groupId, long streamId, EncodedChunk chunk, int firstIndex, long ingestionTime)
    {
        var (codec, data) = ChunkCodec.Compress(chunk.Data, CompressBuffer);
        var id = (long)WriterCommand("""
            INSERT INTO log_chunks (group_id, stream_id, first_ts, last_ts, first_index, count, bytes, ingestion_time, data, codec)
            VALUES ($group, $stream, $first, $last, $index, $count, $bytes, $ingestion, zeroblob($length), $codec) RETURNING id;
            """, transaction, ("$group", groupId), ("$stream", streamId), ("$first", chunk.FirstTimestamp), ("$last", chunk.LastTimestamp),
            ("$index", firstIndex), ("$count", chunk.Count), ("$bytes", chunk.MessageBytes), ("$ingestion", ingestionTime),
            ("$length", data.Length), ("$codec", codec)).ExecuteScalar()!;
        using var blob = new SqliteBlob(_writer, "log_chunks", "data", id);
        blob.Write(data.Span);
        if (_compressBuffer is { Capacity: > 4 * LogChunk.MaxBytes })
        {
            _compressBuffer = null; // one outsized chunk does not keep its buffer alive
        }
    }
}
