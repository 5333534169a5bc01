using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Logging;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.DataPlane.Routing;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.DataPlane.Apis;

/// <summary>A deployment's routes, compiled once and shared by every stage that points at the deployment.</summary>
public sealed class CompiledDeployment(
    string deploymentId, RouteTable<CompiledRoute> routes, CorsPolicy? cors, bool disableExecuteApiEndpoint, IReadOnlyList<CompiledRoute>? allRoutes = null)
{
    public string DeploymentId { get; } = deploymentId;
    public RouteTable<CompiledRoute> Routes { get; } = routes;

    /// <summary>Every route, at its <see cref="CompiledRoute.Index"/>.</summary>
    public IReadOnlyList<CompiledRoute> AllRoutes { get; } = allRoutes ?? [];

    public CorsPolicy? Cors { get; } = cors;
    public bool DisableExecuteApiEndpoint { get; } = disableExecuteApiEndpoint;
}

/// <summary>A stage as served: its name, its variables, its throttling, its access log, its metric series and the deployment it points at.</summary>
public sealed class CompiledStage(
    string name, CompiledDeployment deployment, IReadOnlyDictionary<string, string> stageVariables, StageThrottle? throttle = null,
    StageAccessLog? accessLog = null, StageMetrics? metrics = null)
{
    public string Name { get; } = name;
    public CompiledDeployment Deployment { get; } = deployment;
    public IReadOnlyDictionary<string, string> StageVariables { get; } = stageVariables;

    /// <summary>Each route's token bucket from the stage's route settings; null when the stage sets no limits.</summary>
    public StageThrottle? Throttle { get; } = throttle;

    /// <summary>The stage's access log; null when it has none.</summary>
    public StageAccessLog? AccessLog { get; } = accessLog;

    /// <summary>The stage's CloudWatch metric series, per route; null when metrics are not recorded.</summary>
    public StageMetrics? Metrics { get; } = metrics;
}

/// <summary>An API's live stages. Immutable; a change builds a new one and swaps it in.</summary>
public sealed class CompiledApi(
    string apiId, IReadOnlyDictionary<string, CompiledStage> namedStages, CompiledStage? defaultStage, MetricSeries? metrics = null)
{
    public string ApiId { get; } = apiId;
    public IReadOnlyDictionary<string, CompiledStage> NamedStages { get; } = namedStages;
    public CompiledStage? DefaultStage { get; } = defaultStage;

    /// <summary>Where requests that reached no stage count (<c>ApiId</c> only); null when metrics are not recorded.</summary>
    public MetricSeries? Metrics { get; } = metrics;
}
