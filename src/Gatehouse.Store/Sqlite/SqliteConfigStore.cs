using System.Text.Json;
using Gatehouse.Model;
using Gatehouse.Model.Functions;
using Gatehouse.Model.HttpApis;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Store.Sqlite;

/// <summary>The embedded config store: one SQLite file in WAL mode, each write one immediate transaction.</summary>
public sealed partial class SqliteConfigStore : IConfigStore
{
    private readonly string _connectionString;

    public SqliteConfigStore(string databasePath)
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

    public ChangeFeed<ConfigChange> Changes { get; } = new();

    public ChangeFeed<FunctionChange> FunctionChanges { get; } = new();

    public static SqliteConfigStore InDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqliteConfigStore(Path.Combine(dataDirectory, "gatehouse.db"));
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var current = await ScalarAsync<long?>(connection, transaction, "SELECT MAX(version) FROM schema_version;", cancellationToken).ConfigureAwait(false) ?? 0;
        if (current > SqliteSchema.Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The data directory holds schema version {current}, newer than this Gatehouse understands ({SqliteSchema.Migrations.Length}).");
        }

        for (var version = (int)current + 1; version <= SqliteSchema.Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, SqliteSchema.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({version});", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiDocument>> ListApisAsync(CancellationToken cancellationToken) =>
        await ReadDocumentsAsync("SELECT version, document FROM apis ORDER BY rowid;", null, ReadDocument, cancellationToken).ConfigureAwait(false);

    public async Task<ApiDocument?> GetApiAsync(string apiId, CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync("SELECT version, document FROM apis WHERE api_id = $key;", apiId, ReadDocument, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault();

    /// <summary>Runs a query of (version, document) rows, with an optional <c>$key</c> parameter, and reads each row.</summary>
    private async Task<List<T>> ReadDocumentsAsync<T>(string sql, string? key, Func<long, string, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (key is not null)
        {
            command.Parameters.AddWithValue("$key", key);
        }

        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(read(reader.GetInt64(0), reader.GetString(1)));
        }

        return result;
    }

    public async Task<ApiDocument> SaveApiAsync(ApiWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var document = write.Document;
        var apiId = document.Api.ApiId;
        var saved = document with { Version = document.Version + 1 };

        await SaveDocumentAsync(HttpApiTables, apiId, document.Version, JsonSerializer.Serialize(saved with { Version = 0 }, ModelJson.Options),
            write.AddedSnapshots.Select(snapshot => (snapshot.DeploymentId, JsonSerializer.Serialize(snapshot, ModelJson.Options))),
            write.RemovedSnapshots, $"API {apiId}", cancellationToken).ConfigureAwait(false);

        await Changes.PublishAsync(new ConfigChange(apiId, saved), cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Where one kind of API lives: its documents, their snapshots, and the other kind's documents (one id space).</summary>
    private sealed record DocumentTables(string Documents, string Snapshots, string OtherDocuments);

    private static readonly DocumentTables HttpApiTables = new("apis", "deployment_snapshots", "rest_apis");

    private static readonly DocumentTables RestApiTables = new("rest_apis", "rest_deployment_snapshots", "apis");

    /// <summary>
    /// Writes an API's document (inserted when <paramref name="expectedVersion"/> is 0 and the id is free in both kinds,
    /// else replaced only at that version) with the snapshots it adds and removes, in one transaction; throws
    /// <see cref="ConcurrentModificationException"/> when the document was not at the expected version.
    /// </summary>
    private async Task SaveDocumentAsync(DocumentTables tables, string apiId, long expectedVersion, string document,
        IEnumerable<(string DeploymentId, string Snapshot)> addedSnapshots, IEnumerable<string> removedSnapshots, string what,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // HTTP and REST APIs share one id space: both are addressed as {apiId}.execute-api.
            command.CommandText = expectedVersion == 0
                ? $"INSERT OR IGNORE INTO {tables.Documents} (api_id, version, document) SELECT $id, $next, $doc WHERE NOT EXISTS (SELECT 1 FROM {tables.OtherDocuments} WHERE api_id = $id);"
                : $"UPDATE {tables.Documents} SET version = $next, document = $doc WHERE api_id = $id AND version = $expected;";
            command.Parameters.AddWithValue("$id", apiId);
            command.Parameters.AddWithValue("$next", expectedVersion + 1);
            command.Parameters.AddWithValue("$expected", expectedVersion);
            command.Parameters.AddWithValue("$doc", document);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new ConcurrentModificationException(what);
            }
        }

        foreach (var (deploymentId, snapshot) in addedSnapshots)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO {tables.Snapshots} (api_id, deployment_id, snapshot) VALUES ($id, $dep, $snap);";
            command.Parameters.AddWithValue("$id", apiId);
            command.Parameters.AddWithValue("$dep", deploymentId);
            command.Parameters.AddWithValue("$snap", snapshot);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var deploymentId in removedSnapshots)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {tables.Snapshots} WHERE api_id = $id AND deployment_id = $dep;";
            command.Parameters.AddWithValue("$id", apiId);
            command.Parameters.AddWithValue("$dep", deploymentId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteApiAsync(string apiId, CancellationToken cancellationToken)
    {
        if (!await DeleteDocumentAsync(HttpApiTables, apiId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await Changes.PublishAsync(new ConfigChange(apiId, null), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<DeploymentSnapshot?> GetSnapshotAsync(string apiId, string deploymentId, CancellationToken cancellationToken) =>
        await ReadSnapshotAsync(HttpApiTables, apiId, deploymentId, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<DeploymentSnapshot>(json, ModelJson.Options)
            : null;

    /// <summary>Deletes an API's document and its snapshots in one transaction; false when there was none.</summary>
    private async Task<bool> DeleteDocumentAsync(DocumentTables tables, string apiId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {tables.Documents} WHERE api_id = $id; DELETE FROM {tables.Snapshots} WHERE api_id = $id;";
        command.Parameters.AddWithValue("$id", apiId);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    /// <summary>A deployment snapshot's stored JSON, or null.</summary>
    private async Task<string?> ReadSnapshotAsync(DocumentTables tables, string apiId, string deploymentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT snapshot FROM {tables.Snapshots} WHERE api_id = $id AND deployment_id = $dep;";
        command.Parameters.AddWithValue("$id", apiId);
        command.Parameters.AddWithValue("$dep", deploymentId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<IReadOnlyList<FunctionDocument>> ListFunctionsAsync(CancellationToken cancellationToken) =>
        await ReadDocumentsAsync("SELECT version, document FROM functions ORDER BY name;", null, ReadFunction, cancellationToken).ConfigureAwait(false);

    public async Task<FunctionDocument?> GetFunctionAsync(string functionName, CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync("SELECT version, document FROM functions WHERE name = $key;", functionName, ReadFunction, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault();

    public async Task<FunctionDocument> SaveFunctionAsync(FunctionDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var saved = document with { Version = document.Version + 1 };

        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = document.Version == 0
                    ? "INSERT OR IGNORE INTO functions (name, version, document) VALUES ($name, $next, $doc);"
                    : "UPDATE functions SET version = $next, document = $doc WHERE name = $name AND version = $expected;";
                command.Parameters.AddWithValue("$name", document.FunctionName);
                command.Parameters.AddWithValue("$next", saved.Version);
                command.Parameters.AddWithValue("$expected", document.Version);
                command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(saved with { Version = 0 }, ModelJson.Options));
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ConcurrentModificationException($"Function {document.FunctionName}");
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await FunctionChanges.PublishAsync(new FunctionChange(saved.FunctionName, saved), cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<bool> DeleteFunctionAsync(string functionName, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM functions WHERE name = $name;";
            command.Parameters.AddWithValue("$name", functionName);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted > 0)
        {
            await FunctionChanges.PublishAsync(new FunctionChange(functionName, null), cancellationToken).ConfigureAwait(false);
        }

        return deleted > 0;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Changes.Dispose();
        FunctionChanges.Dispose();
        IamUserChanges.Dispose();
        return ValueTask.CompletedTask;
    }

    private static ApiDocument ReadDocument(long version, string json) =>
        JsonSerializer.Deserialize<ApiDocument>(json, ModelJson.Options)! with { Version = version };

    private static FunctionDocument ReadFunction(long version, string json) =>
        JsonSerializer.Deserialize<FunctionDocument>(json, ModelJson.Options)! with { Version = version };

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // FULL: an acknowledged write survives a crash or power loss, not only a process exit.
        await ExecuteAsync(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, sql, cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T?> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
