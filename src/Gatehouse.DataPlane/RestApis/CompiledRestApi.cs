using Gatehouse.Store.State;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>A REST deployment compiled once and shared by every stage that points at it.</summary>
public sealed class CompiledRestDeployment(
    string deploymentId, RestResourceTree resources, IReadOnlyList<CompiledRestMethod> methods, RestGatewayResponses gatewayResponses,
    bool disableExecuteApiEndpoint, IReadOnlyList<string> binaryMediaTypes)
{
    public string DeploymentId { get; } = deploymentId;
    public RestResourceTree Resources { get; } = resources;

    /// <summary>Every method, at its <see cref="CompiledRestMethod.Index"/>.</summary>
    public IReadOnlyList<CompiledRestMethod> Methods { get; } = methods;

    public RestGatewayResponses GatewayResponses { get; } = gatewayResponses;
    public bool DisableExecuteApiEndpoint { get; } = disableExecuteApiEndpoint;
    public IReadOnlyList<string> BinaryMediaTypes { get; } = binaryMediaTypes;

    /// <summary>Whether the API had a resource policy (<c>policy</c>) when deployed; not evaluated yet, so refused.</summary>
    public bool HasResourcePolicy { get; init; }
}

/// <summary>
/// A REST stage as served: its name, variables, deployment, and what its method settings make of each method
/// (throttling buckets, metric series), and its access log.
/// </summary>
public sealed class CompiledRestStage(
    string name, CompiledRestDeployment deployment, IReadOnlyDictionary<string, string> stageVariables, BucketClaim?[] throttle,
    RestStageMetrics? metrics, RestAccessLog? accessLog)
{
    public string Name { get; } = name;
    public CompiledRestDeployment Deployment { get; } = deployment;
    public IReadOnlyDictionary<string, string> StageVariables { get; } = stageVariables;

    public RestStageMetrics? Metrics { get; } = metrics;

    public RestAccessLog? AccessLog { get; } = accessLog;

    /// <summary>The bucket a method takes from on this stage (its method settings, else <c>*/*</c>); null when the stage sets none.</summary>
    public BucketClaim? ThrottleFor(CompiledRestMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return (uint)method.Index < (uint)throttle.Length ? throttle[method.Index] : null;
    }
}

/// <summary>A REST API's live stages. Immutable; a change builds a new one and swaps it in.</summary>
public sealed class CompiledRestApi(string apiId, IReadOnlyDictionary<string, CompiledRestStage> stages)
{
    public string ApiId { get; } = apiId;
    public IReadOnlyDictionary<string, CompiledRestStage> Stages { get; } = stages;
}
