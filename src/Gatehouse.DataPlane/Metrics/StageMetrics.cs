using Gatehouse.DataPlane.Apis;
using Gatehouse.Model.HttpApis;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.DataPlane.Metrics;

/// <summary>
/// A stage's metric series, built with each <see cref="CompiledStage"/>: one per route (by its index in the
/// deployment), counted in <c>ApiId</c>, <c>ApiId+Stage</c> and, when the route's detailed metrics are on
/// (<c>routeSettings</c>, else the stage's <c>defaultRouteSettings.detailedMetricsEnabled</c>), <c>ApiId+Stage+Route</c>;
/// and one for the stage's requests that matched no route (404, CORS preflights), which have no Route. Series are
/// kept by name in the <see cref="MetricRecorder"/>, so a redeployment keeps counting in the same minute.
/// </summary>
public sealed class StageMetrics
{
    private readonly MetricSeries[] _routes;

    private StageMetrics(MetricSeries[] routes, MetricSeries unrouted)
    {
        _routes = routes;
        Unrouted = unrouted;
    }

    /// <summary>Where the stage's requests without a route count.</summary>
    public MetricSeries Unrouted { get; }

    /// <summary>Every series of the stage.</summary>
    public IEnumerable<MetricSeries> All => _routes.Append(Unrouted);

    /// <summary>The series of a route on this stage, or <see cref="Unrouted"/>.</summary>
    public MetricSeries For(CompiledRoute? route) =>
        route is not null && (uint)route.Index < (uint)_routes.Length ? _routes[route.Index] : Unrouted;

    public static StageMetrics For(MetricRecorder recorder, string apiId, Stage stage, CompiledDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(deployment);
        var owner = HttpApiMetrics.OwnerOf(apiId);
        var defaultDetailed = stage.DefaultRouteSettings?.DetailedMetricsEnabled ?? false;
        var routes = new MetricSeries[deployment.AllRoutes.Count];
        foreach (var route in deployment.AllRoutes)
        {
            var key = route.RouteKey.Text;
            var detailed = stage.RouteSettings?.GetValueOrDefault(key)?.DetailedMetricsEnabled ?? defaultDetailed;
            routes[route.Index] = recorder.GetOrAdd(owner, $"route\n{stage.StageName}\n{key}",
                HttpApiMetrics.In(HttpApiMetrics.DimensionSets(apiId, stage.StageName, detailed ? key : null)));
        }

        var unrouted = recorder.GetOrAdd(owner, $"stage\n{stage.StageName}", HttpApiMetrics.In(HttpApiMetrics.DimensionSets(apiId, stage.StageName, null)));
        return new StageMetrics(routes, unrouted);
    }

    /// <summary>Where an API's requests that reached no stage count (404 before a stage is known): <c>ApiId</c> only.</summary>
    public static MetricSeries ForApi(MetricRecorder recorder, string apiId)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        return recorder.GetOrAdd(HttpApiMetrics.OwnerOf(apiId), "api", HttpApiMetrics.In(HttpApiMetrics.DimensionSets(apiId, null, null)));
    }
}
