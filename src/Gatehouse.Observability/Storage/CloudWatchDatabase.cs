using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Storage;

/// <summary>
/// The SQLite file that holds CloudWatch's data apart from the configuration (<c>{dataDir}/cloudwatch.db</c>, WAL):
/// metrics and their one-minute datapoints, alarms and alarm history. Every write is one immediate transaction, so a
/// committed datapoint or alarm survives a restart.
/// </summary>
public sealed class CloudWatchDatabase
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS metrics (
            id INTEGER PRIMARY KEY,
            namespace TEXT NOT NULL,
            metric_name TEXT NOT NULL,
            dimensions TEXT NOT NULL,
            last_minute INTEGER NOT NULL,
            UNIQUE (namespace, metric_name, dimensions));
        CREATE TABLE IF NOT EXISTS datapoints (
            metric_id INTEGER NOT NULL,
            minute INTEGER NOT NULL,
            unit TEXT NOT NULL,
            sample_count REAL NOT NULL,
            sum REAL NOT NULL,
            minimum REAL NOT NULL,
            maximum REAL NOT NULL,
            distribution BLOB NOT NULL,
            PRIMARY KEY (metric_id, minute, unit)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS datapoints_by_minute ON datapoints (minute);
        CREATE TABLE IF NOT EXISTS alarms (
            alarm_name TEXT PRIMARY KEY,
            document TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alarm_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alarm_name TEXT NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            item_type TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS alarm_history_by_alarm ON alarm_history (alarm_name, timestamp_ms);
        CREATE INDEX IF NOT EXISTS alarm_history_by_time ON alarm_history (timestamp_ms);
        """;

    private readonly string _connectionString;
    private int _initialized;

    public CloudWatchDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public static CloudWatchDatabase InDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new CloudWatchDatabase(Path.Combine(dataDirectory, "cloudwatch.db"));
    }

    /// <summary>Opens a connection, creating the schema on first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (Volatile.Read(ref _initialized) == 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;" + Schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Volatile.Write(ref _initialized, 1);
        }

        return connection;
    }
}
