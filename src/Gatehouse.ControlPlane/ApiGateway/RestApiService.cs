using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Gatehouse.Store;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>
/// Reads and changes REST APIs in the store. Every change is a read-modify-write of one API document, serialized in
/// this process and checked by version in the store (as <c>HttpApiService</c> does for HTTP APIs).
/// </summary>
public sealed class RestApiService(IConfigStore store, ControlPlaneOptions options) : IDisposable
{
    private readonly DocumentEditor _editor = new();

    public ControlPlaneOptions Options { get; } = options;

    public IConfigStore Store { get; } = store;

    public async Task<RestApiDocument> GetAsync(string apiId, CancellationToken cancellationToken) =>
        await Store.GetRestApiAsync(apiId, cancellationToken).ConfigureAwait(false) ?? throw ApiNotFound(apiId);

    public AwsException ApiNotFound(string apiId) =>
        AwsException.NotFound($"Invalid API identifier specified {Options.AccountId}:{apiId}");

    /// <summary>Stores a new API; <paramref name="build"/> is called again with a fresh id if the id is taken.</summary>
    public async Task<RestApiDocument> CreateAsync(Func<string, RestApiDocument> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Store.SaveRestApiAsync(new RestApiWrite(build(Ids.NewApiId())), cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrentModificationException) when (attempt < DocumentEditor.MaxAttempts)
            {
                // The id is taken by another REST or HTTP API: draw another.
            }
        }
    }

    /// <summary>Applies <paramref name="change"/> to the API and stores the result in one transaction.</summary>
    public Task<T> EditAsync<T>(string apiId, Func<RestApiEdit, T> change, CancellationToken cancellationToken) =>
        _editor.EditAsync(
            async ct => new RestApiEdit(await GetAsync(apiId, ct).ConfigureAwait(false)),
            change,
            static edit => edit.Changed,
            (edit, ct) => Store.SaveRestApiAsync(edit.ToWrite(), ct),
            cancellationToken);

    public void Dispose() => _editor.Dispose();
}

/// <summary>A change in progress to one REST API document, with the deployment snapshots it will add or remove.</summary>
public sealed class RestApiEdit(RestApiDocument document)
{
    private readonly List<RestDeploymentSnapshot> _added = [];
    private readonly List<string> _removed = [];

    public RestApiDocument Document { get; private set; } = document;

    public bool Changed { get; private set; }

    public void Update(RestApiDocument document)
    {
        Document = document;
        Changed = true;
    }

    public void AddSnapshot(RestDeploymentSnapshot snapshot) => _added.Add(snapshot);

    public void RemoveSnapshot(string deploymentId) => _removed.Add(deploymentId);

    internal RestApiWrite ToWrite() => new(Document) { AddedSnapshots = _added, RemovedSnapshots = _removed };
}
