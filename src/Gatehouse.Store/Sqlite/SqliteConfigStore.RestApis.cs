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

        await SaveDocumentAsync(RestApiTables, apiId, document.Version, JsonSerializer.Serialize(saved with { Version = 0 }, ModelJson.Options),
            write.AddedSnapshots.Select(snapshot => (snapshot.DeploymentId, JsonSerializer.Serialize(snapshot, ModelJson.Options))),
            write.RemovedSnapshots, $"REST API {apiId}", cancellationToken).ConfigureAwait(false);

        await Changes.PublishAsync(new ConfigChange(apiId, null) { IsRestApi = true, RestApi = saved }, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    public async Task<bool> DeleteRestApiAsync(string apiId, CancellationToken cancellationToken)
    {
        if (!await DeleteDocumentAsync(RestApiTables, apiId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await Changes.PublishAsync(new ConfigChange(apiId, null) { IsRestApi = true }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<RestDeploymentSnapshot?> GetRestSnapshotAsync(string apiId, string deploymentId, CancellationToken cancellationToken) =>
        await ReadSnapshotAsync(RestApiTables, apiId, deploymentId, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<RestDeploymentSnapshot>(json, ModelJson.Options)
            : null;

    private static RestApiDocument ReadRestApi(long version, string json) =>
        JsonSerializer.Deserialize<RestApiDocument>(json, ModelJson.Options)! with { Version = version };
}
