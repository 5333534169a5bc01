using Gatehouse.Model;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>
/// Reads and changes APIs in the store. Every change is a read-modify-write of one API document, serialized in this
/// process and checked by version in the store, with HTTP APIs' automatic deployments folded into the same write.
/// </summary>
public sealed class HttpApiService(IConfigStore store, ControlPlaneOptions options) : IDisposable
{
    private readonly DocumentEditor _editor = new();

    public ControlPlaneOptions Options { get; } = options;

    public IConfigStore Store { get; } = store;

    public async Task<ApiDocument> GetAsync(string apiId, CancellationToken cancellationToken) =>
        await Store.GetApiAsync(apiId, cancellationToken).ConfigureAwait(false) ?? throw ApiNotFound(apiId);

    public AwsException ApiNotFound(string apiId) =>
        AwsException.NotFound($"Invalid API identifier specified {Options.AccountId}:{apiId}");

    public async Task<ApiDocument> CreateAsync(ApiEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        AutoDeploy(edit);
        return await Store.SaveApiAsync(edit.ToWrite(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="change"/> to the API and stores the result in one transaction.</summary>
    public Task<T> EditAsync<T>(string apiId, Func<ApiEdit, T> change, CancellationToken cancellationToken) =>
        _editor.EditAsync(
            async ct => new ApiEdit(await GetAsync(apiId, ct).ConfigureAwait(false)),
            change,
            static edit => edit.Changed,
            (edit, ct) =>
            {
                AutoDeploy(edit);
                return Store.SaveApiAsync(edit.ToWrite(), ct);
            },
            cancellationToken);

    public void Dispose() => _editor.Dispose();

    /// <summary>HTTP APIs redeploy every stage with autoDeploy after each change to what a deployment freezes.</summary>
    private static void AutoDeploy(ApiEdit edit)
    {
        if (!edit.DeployableChanged)
        {
            return;
        }

        foreach (var stage in edit.Document.Stages.Where(s => s.AutoDeploy == true).ToList())
        {
            edit.Deploy(stage.StageName, "Automatic deployment triggered by changes to the Api configuration", autoDeployed: true);
        }
    }
}

/// <summary>A change in progress to one API document, with the deployment snapshots it will add or remove.</summary>
public sealed class ApiEdit(ApiDocument document)
{
    private readonly List<DeploymentSnapshot> _added = [];
    private readonly List<string> _removed = [];

    public ApiDocument Document { get; private set; } = document;

    public bool Changed { get; private set; }

    /// <summary>True when routes, integrations or API settings that a deployment freezes have changed.</summary>
    public bool DeployableChanged { get; private set; }

    public void Update(ApiDocument document, bool deployable)
    {
        Document = document;
        Changed = true;
        DeployableChanged |= deployable;
    }

    public void RemoveSnapshot(string deploymentId) => _removed.Add(deploymentId);

    /// <summary>Freezes the API into a new deployment and, when a stage is named, points that stage at it.</summary>
    public Deployment Deploy(string? stageName, string? description, bool autoDeployed)
    {
        var now = DateTimeOffset.UtcNow;
        var deployment = new Deployment
        {
            DeploymentId = Ids.NewResourceId(),
            AutoDeployed = autoDeployed,
            CreatedDate = now,
            DeploymentStatus = "DEPLOYED",
            Description = description,
        };
        _added.Add(Document.Snapshot(deployment.DeploymentId));
        var stages = Document.Stages;
        if (stageName is not null)
        {
            stages = [.. stages.Select(s => s.StageName != stageName ? s : s with
            {
                DeploymentId = deployment.DeploymentId,
                LastUpdatedDate = now,
                LastDeploymentStatusMessage = autoDeployed
                    ? $"Successfully deployed stage with deployment ID '{deployment.DeploymentId}'"
                    : s.LastDeploymentStatusMessage,
            })];
        }

        Document = Document with { Deployments = [.. Document.Deployments, deployment], Stages = stages };
        Changed = true;
        return deployment;
    }

    internal ApiWrite ToWrite() => new(Document) { AddedSnapshots = _added, RemovedSnapshots = _removed };
}
