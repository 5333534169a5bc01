using Gatehouse.Observability.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Alarms;

/// <summary>Alarms and their history in <see cref="CloudWatchDatabase"/>: each change and its history items in one transaction.</summary>
public sealed class AlarmStore(CloudWatchDatabase database)
{
    /// <summary>Every alarm, by name (ordinal).</summary>
    public async Task<IReadOnlyList<MetricAlarm>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM alarms ORDER BY alarm_name;";
        var alarms = new List<MetricAlarm>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alarms.Add(AlarmDocument.Deserialize(reader.GetString(0)));
        }

        return alarms;
    }

    public async Task<MetricAlarm?> GetAsync(string alarmName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM alarms WHERE alarm_name = $name;";
        command.Parameters.AddWithValue("$name", alarmName);
        return await command.ExecuteScalarAsync(cancellationToken) is string document ? AlarmDocument.Deserialize(document) : null;
    }

    /// <summary>Stores the alarms (new or replaced) and appends the history items, in one transaction.</summary>
    public async Task SaveAsync(IReadOnlyList<MetricAlarm> alarms, IReadOnlyList<AlarmHistoryItem> history, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var alarm in alarms)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO alarms (alarm_name, document) VALUES ($name, $document);";
            command.Parameters.AddWithValue("$name", alarm.AlarmName);
            command.Parameters.AddWithValue("$document", AlarmDocument.Serialize(alarm, withState: true));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AppendAsync(connection, transaction, history, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes the alarms, all or none: returns the names that do not exist (and then deletes nothing).</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var missing = new List<string>();
        foreach (var name in alarmNames.Distinct(StringComparer.Ordinal))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM alarms WHERE alarm_name = $name;";
            command.Parameters.AddWithValue("$name", name);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                missing.Add(name);
            }
        }

        if (missing.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        return missing;
    }

    public async Task AppendHistoryAsync(IReadOnlyList<AlarmHistoryItem> history, CancellationToken cancellationToken)
    {
        if (history.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await AppendAsync(connection, transaction, history, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>History items, newest first (or oldest first), filtered by alarm, type and time [start, end].</summary>
    public async Task<IReadOnlyList<AlarmHistoryItem>> HistoryAsync(
        string? alarmName, string? itemType, DateTimeOffset? start, DateTimeOffset? end, bool oldestFirst, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT alarm_name, timestamp_ms, item_type, summary, data FROM alarm_history
            WHERE ($name IS NULL OR alarm_name = $name) AND ($type IS NULL OR item_type = $type)
              AND ($start IS NULL OR timestamp_ms >= $start) AND ($end IS NULL OR timestamp_ms <= $end)
            ORDER BY timestamp_ms {(oldestFirst ? "ASC" : "DESC")}, id {(oldestFirst ? "ASC" : "DESC")};
            """;
        command.Parameters.AddWithValue("$name", (object?)alarmName ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", (object?)itemType ?? DBNull.Value);
        command.Parameters.AddWithValue("$start", (object?)start?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$end", (object?)end?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        var items = new List<AlarmHistoryItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AlarmHistoryItem(
                reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return items;
    }

    /// <summary>Deletes history items older than <paramref name="cutoff"/> (CloudWatch keeps alarm history 30 days).</summary>
    public async Task<int> SweepHistoryAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM alarm_history WHERE timestamp_ms < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AppendAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AlarmHistoryItem> history, CancellationToken cancellationToken)
    {
        foreach (var item in history)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO alarm_history (alarm_name, timestamp_ms, item_type, summary, data) VALUES ($name, $timestamp, $type, $summary, $data);
                """;
            command.Parameters.AddWithValue("$name", item.AlarmName);
            command.Parameters.AddWithValue("$timestamp", item.Timestamp.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$type", item.HistoryItemType);
            command.Parameters.AddWithValue("$summary", item.HistorySummary);
            command.Parameters.AddWithValue("$data", item.HistoryData);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
