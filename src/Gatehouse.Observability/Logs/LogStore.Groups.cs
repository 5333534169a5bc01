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

        Execute(_writer, "DELETE FROM log_events WHERE group_id = $id;", transaction, ("$id", id));
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
            deleted += Write(transaction =>
            {
                var bytes = Scalar(_writer, "SELECT SUM(length(CAST(message AS BLOB))) FROM log_events WHERE group_id = $id AND timestamp < $cutoff;",
                    transaction, ("$id", id), ("$cutoff", cutoff)) as long? ?? 0;
                using var delete = Command(_writer, "DELETE FROM log_events WHERE group_id = $id AND timestamp < $cutoff;", transaction, [("$id", id), ("$cutoff", cutoff)]);
                var count = delete.ExecuteNonQuery();
                if (count > 0)
                {
                    Execute(_writer, "UPDATE log_groups SET stored_bytes = max(0, stored_bytes - $bytes) WHERE id = $id;", transaction, ("$id", id), ("$bytes", bytes));
                }

                return (long)count;
            });
        }

        return deleted;
    }

    private static LogGroupInfo ReadGroup(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetInt64(3));
}
