using Gatehouse.Model.Functions;
using Gatehouse.Model.HttpApis;
using Gatehouse.Model.Iam;
using Gatehouse.Model.RestApis;

namespace Gatehouse.Store;

/// <summary>
/// Where the control plane's writes live. Every write is one transaction; after it commits, the change feed tells
/// subscribers (the data plane, the function runtime) and waits for them, so a write that returned is already live.
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

    /// <summary>Committed API changes, published after each commit.</summary>
    ChangeFeed<ConfigChange> Changes { get; }

    /// <summary>Every Lambda function, ordered by name.</summary>
    Task<IReadOnlyList<FunctionDocument>> ListFunctionsAsync(CancellationToken cancellationToken);

    /// <summary>A function by its exact (case-sensitive) name, or null.</summary>
    Task<FunctionDocument?> GetFunctionAsync(string functionName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a function document in one transaction. The write succeeds only if the stored version still equals
    /// <see cref="FunctionDocument.Version"/>: 0 creates the function, and fails if the name is taken. Otherwise it throws
    /// <see cref="ConcurrentModificationException"/>. Returns the document with its new version, after
    /// <see cref="FunctionChanges"/> has been told.
    /// </summary>
    Task<FunctionDocument> SaveFunctionAsync(FunctionDocument document, CancellationToken cancellationToken);

    Task<bool> DeleteFunctionAsync(string functionName, CancellationToken cancellationToken);

    /// <summary>Committed function changes, published after each commit.</summary>
    ChangeFeed<FunctionChange> FunctionChanges { get; }

    /// <summary>Every IAM user, ordered by name (case-insensitively, as IAM lists them).</summary>
    Task<IReadOnlyList<IamUserDocument>> ListIamUsersAsync(CancellationToken cancellationToken);

    /// <summary>A user by name, without regard to case (IAM's user names are unique that way), or null.</summary>
    Task<IamUserDocument?> GetIamUserAsync(string userName, CancellationToken cancellationToken);

    /// <summary>The user that holds the access key (active or not), or null.</summary>
    Task<IamUserDocument?> FindIamUserByAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a user document and its access-key index in one transaction. The write succeeds only if the stored
    /// version still equals <see cref="IamUserDocument.Version"/> (0 creates the user and fails if the name is taken)
    /// and no other user holds one of its access key ids; otherwise it throws
    /// <see cref="ConcurrentModificationException"/>. Returns the document with its new version, after
    /// <see cref="IamUserChanges"/> has been told.
    /// </summary>
    Task<IamUserDocument> SaveIamUserAsync(IamUserDocument document, CancellationToken cancellationToken);

    /// <summary>Deletes the user if its stored version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> DeleteIamUserAsync(string userName, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Committed IAM user changes, published after each commit.</summary>
    ChangeFeed<IamUserChange> IamUserChanges { get; }

    // REST APIs (apigateway v1): one document per API, snapshots beside it, changes on Changes as a ConfigChange.

    Task<IReadOnlyList<RestApiDocument>> ListRestApisAsync(CancellationToken cancellationToken);

    Task<RestApiDocument?> GetRestApiAsync(string apiId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a REST API document with the snapshots it adds and removes, in one transaction, if the stored version
    /// still equals <see cref="RestApiDocument.Version"/> (0 creates it, and fails if the id is taken by a REST or an
    /// HTTP API); otherwise throws <see cref="ConcurrentModificationException"/>. Returns the document with its new version.
    /// </summary>
    Task<RestApiDocument> SaveRestApiAsync(RestApiWrite write, CancellationToken cancellationToken);

    Task<bool> DeleteRestApiAsync(string apiId, CancellationToken cancellationToken);

    Task<RestDeploymentSnapshot?> GetRestSnapshotAsync(string apiId, string deploymentId, CancellationToken cancellationToken);
}

/// <summary>One transactional write of a REST API: the new document and the snapshots it adds or drops.</summary>
public sealed record RestApiWrite(RestApiDocument Document)
{
    public IReadOnlyList<RestDeploymentSnapshot> AddedSnapshots { get; init; } = [];
    public IReadOnlyList<string> RemovedSnapshots { get; init; } = [];
}

/// <summary>One transactional write of an API: the new document and the snapshots it adds or drops.</summary>
public sealed record ApiWrite(ApiDocument Document)
{
    public IReadOnlyList<DeploymentSnapshot> AddedSnapshots { get; init; } = [];
    public IReadOnlyList<string> RemovedSnapshots { get; init; } = [];
}

/// <summary>A write lost to another writer (or a create found the name taken): read again and redo the change.</summary>
public sealed class ConcurrentModificationException(string resource)
    : Exception($"{resource} was changed by another writer");
