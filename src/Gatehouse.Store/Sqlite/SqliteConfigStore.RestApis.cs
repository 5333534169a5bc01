using System.Text.Json;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Store.Sqlite;

/// <summary>REST APIs: one document per API in <c>rest_apis</c>, deployment snapshots in <c>rest_deployment_snapshots</c>.</summary>
public sealed partial class SqliteConfigStore
{
    public async Task<IReadOnlyList<RestApiDocument>> ListRestApisAsync(CancellationToken cancellationToken) =>
        await ReadDocumentsAsync("SELECT version, document FROM rest_apis ORDER BY rowid;", null, ReadRestApi, cancellationToken).ConfigureAwait(false);

    public async Task<RestApiDocument?> GetRestApiAsync(string apiId, CancellationToken cancellationToken) =>
        (await ReadDocumentsAsync("SELECT version, document FROM rest_apis WHERE api_id = $key;", apiId, ReadRestApi, cancellationToken).ConfigureAwait(false))
            .SingleOrDefault();

    public async Task<RestApiDocument> SaveRestApiAsync(RestApiWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var document = write.Document;
        var apiId = document.ApiId;
        var saved = document with { Version = document.Version + 1 };

        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                // REST and HTTP APIs share one id space: both are addressed as {apiId}.execute-api.
                command.CommandText = document.Version == 0
                    ? "INSERT OR IGNORE INTO rest_apis (api_id, version, document) SELECT $id, $next, $doc WHERE NOT EXISTS (SELECT 1 FROM apis WHERE api_id = $id);"
                    : "UPDATE rest_apis SET version = $next, document = $doc WHERE api_id = $id AND version = $expected;";
                command.Parameters.AddWithValue("$id", apiId);
                command.Parameters.AddWithValue("$next", saved.Version);
                command.Parameters.AddWithValue("$expected", document.Version);
                command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(saved with { Version = 0 }, ModelJson.Options));
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new ConcurrentModificationException($"REST API {apiId}");
                }
            }

            foreach (var snapshot in write.AddedSnapshots)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO rest_deployment_snapshots (api_id, deployment_id, snapshot) VALUES ($id, $dep, $snap);";
                command.Parameters.AddWithValue("$id", apiId);
                command.Parameters.AddWithValue("$dep", snapshot.DeploymentId);
                command.Parameters.AddWithValue("$snap", JsonSerializer.Serialize(snapshot, ModelJson.Options));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var deploymentId in write.RemovedSnapshots)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM rest_deployment_snapshots WHERE api_id = $id AND deployment_id = $dep;";
                command.Parameters.AddWithValue("$id", apiId);
                command.Parameters.AddWithValue("$dep", deploymentId);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await Changes.PublishAsync(new ConfigChange(apiId, null) { IsRestApi = true, RestApi = saved }, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<bool> DeleteRestApiAsync(string apiId, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM rest_apis WHERE api_id = $id; DELETE FROM rest_deployment_snapshots WHERE api_id = $id;";
            command.Parameters.AddWithValue("$id", apiId);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted > 0)
        {
            await Changes.PublishAsync(new ConfigChange(apiId, null) { IsRestApi = true }, cancellationToken).ConfigureAwait(false);
        }

        return deleted > 0;
    }

    public async Task<RestDeploymentSnapshot?> GetRestSnapshotAsync(string apiId, string deploymentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM rest_deployment_snapshots WHERE api_id = $id AND deployment_id = $dep;";
        command.Parameters.AddWithValue("$id", apiId);
        command.Parameters.AddWithValue("$dep", deploymentId);
        var json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return json is null ? null : JsonSerializer.Deserialize<RestDeploymentSnapshot>(json, ModelJson.Options);
    }

    private static RestApiDocument ReadRestApi(long version, string json) =>
        JsonSerializer.Deserialize<RestApiDocument>(json, ModelJson.Options)! with { Version = version };
}
