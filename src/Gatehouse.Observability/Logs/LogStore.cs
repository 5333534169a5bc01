using System.Buffers;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// CloudWatch Logs' data under <c>{data-dir}/logs/logs.db</c>: one SQLite database in WAL mode with groups, streams
/// and events. Events are kept in chunks (<see cref="LogChunk"/>): one row per block of a stream's events that
/// arrived together, its bytes compressed (<see cref="ChunkCodec"/>), indexed by (stream, first timestamp) and
/// (stream, last timestamp) for GetLogEvents forward and backward, and by (group, first timestamp) for
/// FilterLogEvents; a chunk spans a few minutes at most, so a read from a time seeks straight to it. Chunks are read
/// back merged into time order (<see cref="ChunkMerge"/>). Writes are serialized on one connection (SQLite has one
/// writer); the background writer appends a chunk per stream for thousands of events per transaction, which is what
/// makes an access-log line cheap. Reads use pooled connections and never wait for writers.
/// </summary>
public sealed partial class LogStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS log_groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            creation_time INTEGER NOT NULL,
            retention_days INTEGER,
            stored_bytes INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS log_streams (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            creation_time INTEGER NOT NULL,
            first_event INTEGER,
            last_event INTEGER,
            last_ingestion INTEGER,
            UNIQUE (group_id, name));
        CREATE TABLE IF NOT EXISTS log_chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            group_id INTEGER NOT NULL,
            stream_id INTEGER NOT NULL,
            first_ts INTEGER NOT NULL,
            last_ts INTEGER NOT NULL,
            first_index INTEGER NOT NULL,
            count INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            ingestion_time INTEGER NOT NULL,
            data BLOB NOT NULL,
            codec INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS log_chunks_by_stream ON log_chunks (stream_id, first_ts, last_ts);
        CREATE INDEX IF NOT EXISTS log_chunks_by_stream_end ON log_chunks (stream_id, last_ts);
        CREATE INDEX IF NOT EXISTS log_chunks_by_group ON log_chunks (group_id, first_ts, last_ts);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly Lock _writeGate = new();
    private readonly SqliteConnection _writer;

    /// <summary>(group, stream) → ids, for the writer; cleared whenever something is deleted. Guarded by the write gate.</summary>
    private readonly Dictionary<(string Group, string Stream), (long GroupId, long StreamId)> _streamIds = [];
    private bool _disposed;

    /// <summary>Where the writer encodes chunks, reused from batch to batch. Guarded by the write gate.</summary>
    private ArrayBufferWriter<byte>? _encodeBuffer;

    /// <summary>The statements appends run, prepared once each on the writer's connection, by their text. Guarded by the write gate.</summary>
    private readonly Dictionary<string, SqliteCommand> _writerCommands = new(StringComparer.Ordinal);

    /// <summary>Where the writer compresses chunks (<see cref="ChunkCodec"/>), reused likewise. Guarded by the write gate.</summary>
    private ArrayBufferWriter<byte>? _compressBuffer;

    public LogStore(string databasePath, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writer = Open();
        // WAL: readers never wait for the writer. synchronous=NORMAL: a committed batch survives a crash of the process
        // (what a log store must promise); only a power cut may lose the last commits, for a much cheaper commit.
        Execute(_writer, "PRAGMA journal_mode=WAL;");
        Execute(_writer, "PRAGMA synchronous=NORMAL;");
        Execute(_writer, Schema);
        AddCodecColumn();
        MigrateEventRows();
    }

    /// <summary>The store in <c>{dataDirectory}/logs/logs.db</c>.</summary>
    public static LogStore InDataDirectory(string dataDirectory, TimeProvider time) =>
        new(Path.Combine(dataDirectory, "logs", "logs.db"), time);

    private ArrayBufferWriter<byte> EncodeBuffer => _encodeBuffer ??= new ArrayBufferWriter<byte>(256 * 1024);

    private ArrayBufferWriter<byte> CompressBuffer => _compressBuffer ??= new ArrayBufferWriter<byte>(64 * 1024);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in _writerCommands.Values)
            {
                command.Dispose();
            }

            // Closes this database's pooled reader connections too (and only this database's), so the files are released.
            SqliteConnection.ClearPool(_writer);
            _writer.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// A statement on the writer's connection, in <paramref name="transaction"/>: prepared the first time, then kept
    /// and bound again. Every batch of the background writer runs the same few statements, and parsing them anew each
    /// time was a sixth of its work. A statement's parameters come in the same order at every call.
    /// </summary>
    private SqliteCommand WriterCommand(string sql, SqliteTransaction transaction, params (string Name, object? Value)[] parameters)
    {
        if (!_writerCommands.TryGetValue(sql, out var command))
        {
            command = _writer.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _writerCommands[sql] = command;
        }

        command.Transaction = transaction;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs <paramref name="write"/> in one immediate transaction on the writer connection.</summary>
    private T Write<T>(Func<SqliteTransaction, T> write)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = write(transaction);
            transaction.Commit();
            return result;
        }
    }

    private static long? GroupId(SqliteConnection connection, string name, SqliteTransaction? transaction = null) =>
        Scalar(connection, "SELECT id FROM log_groups WHERE name = $name;", transaction, ("$name", name)) is long id ? id : null;

    private static long? StreamId(SqliteConnection connection, long groupId, string name, SqliteTransaction? transaction = null) =>
        Scalar(connection, "SELECT id FROM log_streams WHERE group_id = $group AND name = $name;", transaction, ("$group", groupId), ("$name", name)) is long id ? id : null;
}
