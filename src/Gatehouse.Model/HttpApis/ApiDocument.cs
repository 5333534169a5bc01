namespace Gatehouse.Model.HttpApis;

/// <summary>
/// One API and everything that belongs to it: the unit the config store reads and writes in one transaction.
/// Deployment snapshots are stored beside it (they are large and immutable) and referenced by id.
/// </summary>
public sealed record ApiDocument
{
    public required Api Api { get; init; }
    public IReadOnlyList<Route> Routes { get; init; } = [];
    public IReadOnlyList<Integration> Integrations { get; init; } = [];
    public IReadOnlyList<Authorizer> Authorizers { get; init; } = [];
    public IReadOnlyList<Stage> Stages { get; init; } = [];
    public IReadOnlyList<Deployment> Deployments { get; init; } = [];

    /// <summary>Optimistic-concurrency version; the store increments it on every write.</summary>
    public long Version { get; init; }

    public Stage? FindStage(string name) => Stages.FirstOrDefault(s => s.StageName == name);

    public Route? FindRoute(string id) => Routes.FirstOrDefault(r => r.RouteId == id);

    public Integration? FindIntegration(string id) => Integrations.FirstOrDefault(i => i.IntegrationId == id);

    public Authorizer? FindAuthorizer(string id) => Authorizers.FirstOrDefault(a => a.AuthorizerId == id);

    public Deployment? FindDeployment(string id) => Deployments.FirstOrDefault(d => d.DeploymentId == id);

    /// <summary>Freezes the current routes, integrations, authorizers and CORS configuration under a deployment id.</summary>
    public DeploymentSnapshot Snapshot(string deploymentId) => new()
    {
        DeploymentId = deploymentId,
        CorsConfiguration = Api.CorsConfiguration,
        DisableExecuteApiEndpoint = Api.DisableExecuteApiEndpoint ?? false,
        Routes = Routes,
        Integrations = Integrations,
        Authorizers = Authorizers,
    };
}
