using Gatehouse.DataPlane.Metrics;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;
using Gatehouse.Observability.Metrics;
using Gatehouse.Store;
using Gatehouse.Store.State;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// Turns stored REST APIs into what the data plane serves: loads them all at start, then follows the change feed
/// (<see cref="ConfigChange.IsRestApi"/>). Each stage serves the snapshot of its deployment, compiled once and shared
/// by the stages pointing at it. A change that fails to compile keeps the last good version live; a deleted API, or a
/// deleted stage, stops being served.
/// </summary>
public sealed partial class RestApiCompiler(
    IConfigStore store, RestApiRegistry registry, ILogger<RestApiCompiler> logger, MetricRecorder? metrics = null,
    Authorization.RestAuthorizers? authorizers = null, Mapping.RestMappingOptions? mapping = null) : IDisposable
{
    private readonly Dictionary<(string ApiId, string DeploymentId), CompiledRestDeployment> _deployments = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = store.Changes.Subscribe(OnChangeAsync);
        foreach (var document in await store.ListRestApisAsync(cancellationToken).ConfigureAwait(false))
        {
            await OnChangeAsync(new ConfigChange(document.ApiId, null) { IsRestApi = true, RestApi = document }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task OnChangeAsync(ConfigChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!change.IsRestApi)
        {
            return; // an HTTP API's change: ApiCompiler's
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (change.RestApi is not { } document)
            {
                registry.Remove(change.ApiId);
                Forget(change.ApiId, keep: []);
                metrics?.Retain(HttpApiMetrics.OwnerOf(change.ApiId), []);
                return;
            }

            try
            {
                registry.Set(await CompileAsync(document, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                LogCompileFailed(logger, e, change.ApiId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CompiledRestApi> CompileAsync(RestApiDocument document, CancellationToken cancellationToken)
    {
        var apiId = document.ApiId;
        var stages = new Dictionary<string, CompiledRestStage>(StringComparer.Ordinal);
        foreach (var stage in document.Stages)
        {
            if (stage.DeploymentId is null)
            {
                continue;
            }

            if (!_deployments.TryGetValue((apiId, stage.DeploymentId), out var deployment))
            {
                var snapshot = await store.GetRestSnapshotAsync(apiId, stage.DeploymentId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"deployment {stage.DeploymentId} has no snapshot");
                deployment = _deployments[(apiId, stage.DeploymentId)] = Compile(apiId, snapshot, authorizers?.For(snapshot), mapping);
            }

            stages[stage.StageName] = new CompiledRestStage(stage.StageName, deployment, stage.Variables ?? new Dictionary<string, string>(),
                Throttle(apiId, stage, deployment), metrics is null ? null : RestStageMetrics.For(metrics, apiId, document.RestApi.Name, stage, deployment),
                RestAccessLog.For(apiId, stage));
        }

        Forget(apiId, keep: [.. document.Stages.Select(s => s.DeploymentId).OfType<string>()]);
        metrics?.Retain(HttpApiMetrics.OwnerOf(apiId), stages.Values.SelectMany(s => s.Metrics!.All));
        return new CompiledRestApi(apiId, stages);
    }

    /// <summary>
    /// Compiles a deployment snapshot: the resource tree with every method's authorizer, validation and integration,
    /// and the gateway responses. Without <paramref name="authorizers"/>, Lambda and Cognito methods have no authorize
    /// step (and are refused by the handler); without <paramref name="mapping"/>, HTTP and AWS integrations have no
    /// client to call (MOCK needs none).
    /// </summary>
    public static CompiledRestDeployment Compile(string apiId, RestDeploymentSnapshot snapshot, Authorization.RestAuthorizers.Builder? authorizers = null,
        Mapping.RestMappingOptions? mapping = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var schemas = snapshot.Models.Count == 0 ? ModelSchemas.Empty : ModelSchemas.Compile(apiId, snapshot.Models);
        var methods = new List<CompiledRestMethod>();
        var tree = RestResourceTree.Build(snapshot.Resources, resource =>
        {
            var path = resource.Path ?? "/";
            var byVerb = new Dictionary<string, CompiledRestMethod>(StringComparer.Ordinal);
            foreach (var (verb, method) in resource.ResourceMethods ?? new Dictionary<string, RestMethod>())
            {
                var compiled = new CompiledRestMethod
                {
                    ResourceId = resource.Id,
                    ResourcePath = path,
                    HttpMethod = verb,
                    Index = methods.Count,
                    AuthorizationType = method.AuthorizationType,
                    ApiKeyRequired = method.ApiKeyRequired,
                    Authorizer = authorizers?.ForMethod(method),
                    Validation = RestMethodValidation.For(method, snapshot.RequestValidators, schemas),
                    Integration = method.MethodIntegration is { } integration ? Target(integration, snapshot, mapping) : null,
                };
                methods.Add(compiled);
                byVerb[verb] = compiled;
            }

            return new CompiledRestResource(resource.Id, path, byVerb);
        });

        return new CompiledRestDeployment(snapshot.DeploymentId, tree, methods, RestGatewayResponses.Compile(snapshot.GatewayResponses),
            snapshot.DisableExecuteApiEndpoint, snapshot.BinaryMediaTypes)
        {
            HasResourcePolicy = !string.IsNullOrWhiteSpace(snapshot.Policy),
        };
    }

    private static RestIntegrationTarget Target(RestIntegration integration, RestDeploymentSnapshot snapshot, Mapping.RestMappingOptions? mapping) =>
        integration.Type switch
        {
            "AWS_PROXY" => new RestLambdaProxyTarget(integration),
            "HTTP_PROXY" => new RestHttpProxyTarget(integration),
            _ => new RestMappedTarget(integration, Mapping.RestMappedIntegration.Compile(integration,
                (mapping ?? new Mapping.RestMappingOptions()) with { BinaryMediaTypes = snapshot.BinaryMediaTypes })),
        };

    /// <summary>
    /// Each method's bucket on a stage: its own method settings (<c>{path}/{METHOD}</c>), else the stage's <c>*/*</c>
    /// (facts §8); no bucket when the stage has neither (the account's limit still applies). The key outlives
    /// recompilation, so new limits apply to the bucket as it stands.
    /// </summary>
    private static BucketClaim?[] Throttle(string apiId, RestStage stage, CompiledRestDeployment deployment)
    {
        var claims = new BucketClaim?[deployment.Methods.Count];
        var stageWide = stage.MethodSettings.GetValueOrDefault("*/*");
        foreach (var method in deployment.Methods)
        {
            if ((stage.MethodSettings.GetValueOrDefault(method.SettingsKey) ?? stageWide) is { } setting)
            {
                claims[method.Index] = new BucketClaim($"throttle:{apiId}:{stage.StageName}:{method.SettingsKey}",
                    new TokenBucketLimits(setting.ThrottlingRateLimit, setting.ThrottlingBurstLimit));
            }
        }

        return claims;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _gate.Dispose();
    }

    private void Forget(string apiId, HashSet<string> keep)
    {
        foreach (var key in _deployments.Keys.Where(k => k.ApiId == apiId && !keep.Contains(k.DeploymentId)).ToList())
        {
            _deployments.Remove(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "REST API {ApiId} could not be compiled; its last good version stays live")]
    private static partial void LogCompileFailed(ILogger logger, Exception exception, string apiId);
}
