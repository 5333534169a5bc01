using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Routing;

namespace Gatehouse.DataPlane.Apis;

/// <summary>A deployment's routes, compiled once and shared by every stage that points at the deployment.</summary>
public sealed class CompiledDeployment(string deploymentId, RouteTable<CompiledRoute> routes, CorsPolicy? cors, bool disableExecuteApiEndpoint)
{
    public string DeploymentId { get; } = deploymentId;
    public RouteTable<CompiledRoute> Routes { get; } = routes;
    public CorsPolicy? Cors { get; } = cors;
    public bool DisableExecuteApiEndpoint { get; } = disableExecuteApiEndpoint;
}

/// <summary>A stage as served: its name, its variables and the deployment it points at.</summary>
public sealed class CompiledStage(string name, CompiledDeployment deployment, IReadOnlyDictionary<string, string> stageVariables)
{
    public string Name { get; } = name;
    public CompiledDeployment Deployment { get; } = deployment;
    public IReadOnlyDictionary<string, string> StageVariables { get; } = stageVariables;
}

/// <summary>An API's live stages. Immutable; a change builds a new one and swaps it in.</summary>
public sealed class CompiledApi(string apiId, IReadOnlyDictionary<string, CompiledStage> namedStages, CompiledStage? defaultStage)
{
    public string ApiId { get; } = apiId;
    public IReadOnlyDictionary<string, CompiledStage> NamedStages { get; } = namedStages;
    public CompiledStage? DefaultStage { get; } = defaultStage;
}
