using Gatehouse.Model.HttpApis;

namespace Gatehouse.Store;

/// <summary>
/// Where the control plane's writes live. Every write is one transaction; after it commits, the change feed tells
/// subscribers (the data plane) and waits for them, so a write that returned is already live.
/// </summary>
public interface IConfigStore : IAsyncDisposable
{
    /// <summary>Creates the schema or migrates it to the current version.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiDocument>> ListApisAsync(CancellationToken cancellationToken);

    Task<ApiDocument?> GetApiAsync(string apiId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an API document in one transaction with the deployment snapshots it adds and removes. The write succeeds
    /// only if the stored version still equals <see cref="ApiDocument.Version"/> (0 for a new API); otherwise it throws
    /// <see cref="ConcurrentModificationException"/>. Returns the document with its new version.
    /// </summary>
    Task<ApiDocument> SaveApiAsync(ApiWrite write, CancellationToken cancellationToken);

    Task<bool> DeleteApiAsync(string apiId, CancellationToken cancellationToken);

    Task<DeploymentSnapshot?> GetSnapshotAsync(string apiId, string deploymentId, CancellationToken cancellationToken);

    ChangeFeed Changes { get; }
}

/// <summary>One transactional write of an API: the new document and the snapshots it adds or drops.</summary>
public sealed record ApiWrite(ApiDocument Document)
{
    public IReadOnlyList<DeploymentSnapshot> AddedSnapshots { get; init; } = [];
    public IReadOnlyList<string> RemovedSnapshots { get; init; } = [];
}

public sealed class ConcurrentModificationException(string apiId)
    : Exception($"API {apiId} was changed by another writer");
