using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>Log groups: create, delete, describe, retention.</summary>
public sealed partial class LogStore
{
    public LogStoreStatus CreateGroup(string name) => Write(transaction =>
    {
        var inserted = Command(_writer, "INSERT INTO log_groups (name, creation_time) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING;",
            transaction, [("$name", name), ("$now", Now)]);
        using (inserted)
        {
            return inserted.ExecuteNonQuery() == 1 ? LogStoreStatus.Ok : LogStoreStatus.AlreadyExists;
        }
    });

    /// <summary>Deletes the group with its streams and events.</summary>
    public LogStoreStatus DeleteGroup(string name) => Write(transaction =>
    {
        if (GroupId(_writer, name, transaction) is not { } id)
        {
            return LogStoreStatus.GroupNotFound;
        }

        Execute(_writer, "DELETE FROM log_chunks WHERE group_id = $id;", transaction, ("$id", id));
        Execute(_writer, "DELETE FROM log_streams WHERE group_id = $id;", transaction, ("$id", id));
        Execute(_writer, "DELETE FROM log_groups WHERE id = $id;", transaction, ("$id", id));
        _streamIds.Clear();
        return LogStoreStatus.Ok;
    });

    public LogGroupInfo? GetGroup(string name)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT name, creation_time, retention_days, stored_bytes FROM log_groups WHERE name = $name;", null, [("$name", name)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadGroup(reader) : null;
    }

    /// <summary>
    /// Groups in name order (ordinal, as AWS sorts them), after <paramref name="afterName"/>, whose names start with
    /// <paramref name="prefix"/> or contain <paramref name="pattern"/> (case-sensitive), at most <paramref name="limit"/>.
    /// </summary>
    public IReadOnlyList<LogGroupInfo> ListGroups(string? prefix, string? pattern, string? afterName, int limit)
    {
        using var connection = Open();
        using var command = Command(connection, """
            SELECT name, creation_time, retention_days, stored_bytes FROM log_groups
            WHERE ($after IS NULL OR name > $after)
              AND ($prefix IS NULL OR substr(name, 1, length($prefix)) = $prefix)
              AND ($pattern IS NULL OR instr(name, $pattern) > 0)
            ORDER BY name LIMIT $limit;
            """, null, [("$after", afterName), ("$prefix", prefix), ("$pattern", string.IsNullOrEmpty(pattern) ? null : pattern), ("$limit", limit)]);
        using var reader = command.ExecuteReader();
        var groups = new List<LogGroupInfo>();
        while (reader.Read())
        {
            groups.Add(ReadGroup(reader));
        }

        return groups;
    }

    /// <summary>Sets (or, with null, removes) the group's retention; events older than it are hidden at once.</summary>
    public LogStoreStatus SetRetention(string name, int? days) => Write(transaction =>
    {
        using var command = Command(_writer, "UPDATE log_groups SET retention_days = $days WHERE name = $name;", transaction, [("$name", name), ("$days", days)]);
        return command.ExecuteNonQuery() == 1 ? LogStoreStatus.Ok : LogStoreStatus.GroupNotFound;
    });

    /// <summary>
    /// Deletes the events that fell out of their group's retention (reads already hide them) and takes their bytes
    /// off the group's stored bytes. Returns how many were deleted.
    /// </summary>
    public long SweepExpired()
    {
        var now = Now;
        var groups = new List<(long Id, long Cutoff)>();
        using (var connection = Open())
        using (var command = Command(connection, "SELECT id, retention_days FROM log_groups WHERE retention_days IS NOT NULL;", null, []))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                groups.Add((reader.GetInt64(0), LogRetention.Cutoff(reader.GetInt32(1), now)));
            }
        }

        long deleted = 0;
        foreach (var (id, cutoff) in groups)
        {
            deleted += Write(transaction => SweepGroup(transaction, id, cutoff));
        }

        return deleted;
    }

    /// <summary>
    /// One group's sweep: chunks wholly older than <paramref name="cutoff"/> are deleted; a chunk that straddles it
    /// keeps its newer events (its oldest come first), which keep their ids. Returns the events deleted.
    /// </summary>
    private long SweepGroup(SqliteTransaction transaction, long groupId, long cutoff)
    {
        long deleted = 0, bytes = 0;
        using (var expired = Command(_writer, "SELECT SUM(count), SUM(bytes) FROM log_chunks WHERE group_id = $id AND first_ts < $cutoff AND last_ts < $cutoff;",
            transaction, [("$id", groupId), ("$cutoff", cutoff)]))
        using (var reader = expired.ExecuteReader())
        {
            if (reader.Read() && !reader.IsDBNull(0))
            {
                deleted = reader.GetInt64(0);
                bytes = reader.GetInt64(1);
            }
        }

        Execute(_writer, "DELETE FROM log_chunks WHERE group_id = $id AND first_ts < $cutoff AND last_ts < $cutoff;", transaction, ("$id", groupId), ("$cutoff", cutoff));
        var straddling = new List<(long Id, long StreamId, long First, int FirstIndex, long Ingestion, long Bytes, byte[] Data)>();
        using (var command = Command(_writer, """
            SELECT id, stream_id, first_ts, first_index, ingestion_time, bytes, data, codec FROM log_chunks
            WHERE group_id = $id AND first_ts < $cutoff AND last_ts >= $cutoff;
            """, transaction, [("$id", groupId), ("$cutoff", cutoff)]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                // A chunk that cannot be decompressed reads as empty: its events count as expired below.
                straddling.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4),
                    reader.GetInt64(5), ChunkCodec.Decompress((byte[])reader.GetValue(6), reader.GetInt64(7)) ?? []));
            }
        }

        var events = new List<ChunkEvent>();
        foreach (var chunk in straddling)
        {
            events.Clear();
            LogChunk.Read(chunk.Data, chunk.First, events);
            var expiredCount = events.FindIndex(e => e.Timestamp >= cutoff);
            if (expiredCount <= 0)
            {
                // 0: nothing to cut (cannot be, by the query). -1: a damaged chunk whose readable events all expired.
                if (expiredCount < 0)
                {
                    Execute(_writer, "DELETE FROM log_chunks WHERE id = $id;", transaction, ("$id", chunk.Id));
                    deleted += events.Count;
                    bytes += chunk.Bytes;
                }

                continue;
            }

            var kept = LogChunk.Encode(events[expiredCount..], chunk.Data);
            var (codec, data) = ChunkCodec.Compress(kept.Data, CompressBuffer);
            Execute(_writer, """
                UPDATE log_chunks SET first_ts = $first, first_index = $index, count = $count, bytes = $bytes, data = $data, codec = $codec WHERE id = $id;
                """, transaction, ("$id", chunk.Id), ("$first", kept.FirstTimestamp), ("$index", chunk.FirstIndex + expiredCount),
                ("$count", kept.Count), ("$bytes", kept.MessageBytes), ("$data", data.ToArray()), ("$codec", codec));
            deleted += expiredCount;
            bytes += chunk.Bytes - kept.MessageBytes;
        }

        if (deleted > 0)
        {
            Execute(_writer, "UPDATE log_groups SET stored_bytes = max(0, stored_bytes - $bytes) WHERE id = $id;", transaction, ("$id", groupId), ("$bytes", bytes));
        }

        return deleted;
    }

    private static LogGroupInfo ReadGroup(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt64(3));
}
