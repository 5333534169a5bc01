using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Logging;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.DataPlane.Routing;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.Model.HttpApis;
using Gatehouse.Observability.Metrics;
using Gatehouse.Store;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Apis;

/// <summary>
/// Turns stored APIs into what the data plane serves: loads them all at start, then follows the change feed. A
/// deployment is compiled once and shared by the stages that point at it. A change that fails to compile keeps the
/// last good version live.
/// </summary>
public sealed partial class ApiCompiler(
    IConfigStore store, ApiRegistry registry, ILogger<ApiCompiler> logger, RouteAuthorizers? authorizers = null, DataPlaneOptions? options = null,
    MetricRecorder? metrics = null)
    : IDisposable
{
    private readonly Dictionary<(string ApiId, string DeploymentId), CompiledDeployment> _deployments = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = store.Changes.Subscribe(OnChangeAsync);
        foreach (var document in await store.ListApisAsync(cancellationToken).ConfigureAwait(false))
        {
            await OnChangeAsync(new ConfigChange(document.Api.ApiId, document), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task OnChangeAsync(ConfigChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.IsRestApi)
        {
            return; // a REST API's change carries no HTTP API document: it is not an HTTP API's deletion
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (change.Document is null)
            {
                registry.Remove(change.ApiId);
                Forget(change.ApiId, keep: []);
                metrics?.Retain(HttpApiMetrics.OwnerOf(change.ApiId), []);
                return;
            }

            try
            {
                registry.Set(await CompileAsync(change.Document, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                LogCompileFailed(logger, e, change.ApiId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CompiledApi> CompileAsync(ApiDocument document, CancellationToken cancellationToken)
    {
        var apiId = document.Api.ApiId;
        var named = new Dictionary<string, CompiledStage>(StringComparer.Ordinal);
        CompiledStage? defaultStage = null;
        foreach (var stage in document.Stages)
        {
            if (stage.DeploymentId is null)
            {
                continue; // a stage without a deployment serves nothing yet
            }

            if (!_deployments.TryGetValue((apiId, stage.DeploymentId), out var deployment))
            {
                var snapshot = await store.GetSnapshotAsync(apiId, stage.DeploymentId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"deployment {stage.DeploymentId} has no snapshot");
                deployment = _deployments[(apiId, stage.DeploymentId)] = Compile(snapshot, authorizers);
            }

            var compiled = new CompiledStage(stage.StageName, deployment, stage.StageVariables ?? new Dictionary<string, string>(),
                StageThrottle.For(apiId, stage, deployment, options?.AccountThrottle), StageAccessLog.For(apiId, stage),
                metrics is null ? null : StageMetrics.For(metrics, apiId, stage, deployment));
            if (stage.StageName == Stage.DefaultStageName)
            {
                defaultStage = compiled;
            }
            else
            {
                named[stage.StageName] = compiled;
            }
        }

        Forget(apiId, keep: [.. document.Stages.Select(s => s.DeploymentId).OfType<string>()]);
        var apiMetrics = metrics is null ? null : StageMetrics.ForApi(metrics, apiId);
        if (metrics is not null)
        {
            // Series of removed routes and stages retire once idle (requests on the old snapshot land first).
            var stages = named.Values.Append(defaultStage).OfType<CompiledStage>();
            metrics.Retain(HttpApiMetrics.OwnerOf(apiId), stages.SelectMany(s => s.Metrics!.All).Append(apiMetrics!));
        }

        return new CompiledApi(apiId, named, defaultStage, apiMetrics);
    }

    /// <summary>
    /// Compiles a deployment snapshot: every route with its authorizer and integration, into one route table. A route
    /// that needs authorization is never compiled without it (no <paramref name="authorizers"/>: the deployment fails).
    /// </summary>
    public static CompiledDeployment Compile(DeploymentSnapshot snapshot, RouteAuthorizers? authorizers = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var routeAuthorizers = authorizers?.For(snapshot);
        var integrations = new Dictionary<string, CompiledIntegration>(StringComparer.Ordinal);
        foreach (var integration in snapshot.Integrations)
        {
            CompiledIntegration? compiled = integration.IntegrationType switch
            {
                "HTTP_PROXY" => new HttpProxyIntegration(integration),
                "AWS_PROXY" when integration.IntegrationSubtype is null => new LambdaProxyIntegration(integration),
                _ => null,
            };
            if (compiled is not null)
            {
                integrations[integration.IntegrationId] = compiled;
            }
        }

        var table = new RouteTable<CompiledRoute>();
        var all = new List<CompiledRoute>(snapshot.Routes.Count);
        foreach (var route in snapshot.Routes)
        {
            var key = RouteKey.Parse(route.RouteKey);
            var integration = route.Target is { } target && target.StartsWith("integrations/", StringComparison.Ordinal)
                ? integrations.GetValueOrDefault(target["integrations/".Length..])
                : null;
            var required = (route.RequestParameters ?? new Dictionary<string, ParameterConstraints>())
                .Where(kv => kv.Value.Required == true)
                .Select(kv => kv.Key.Split('.', 4))
                .Where(parts => parts.Length == 4)
                .Select(parts => new RequiredParameter(parts[2], parts[3]))
                .ToList();
            var authorizer = route.AuthorizationType is null or AuthorizationTypes.None
                ? null
                : routeAuthorizers?.ForRoute(route) ?? throw new InvalidOperationException($"route {route.RouteId} needs authorization and no authorizers are configured");
            var compiledRoute = new CompiledRoute(key, integration, required, authorizer) { Index = all.Count };
            all.Add(compiledRoute);
            table.Add(key, compiledRoute);
        }

        return new CompiledDeployment(snapshot.DeploymentId, table, CorsPolicy.From(snapshot.CorsConfiguration), snapshot.DisableExecuteApiEndpoint, all);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "API {ApiId} could not be compiled; its last good version stays live")]
    private static partial void LogCompileFailed(ILogger logger, Exception exception, string apiId);
}
