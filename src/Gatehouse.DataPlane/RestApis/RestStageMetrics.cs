using Gatehouse.DataPlane.Metrics;
using Gatehouse.Model.RestApis;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A REST stage's <c>AWS/ApiGateway</c> series (api-gateway-metrics-and-dimensions; facts §12.1): <c>Count</c>,
/// <c>4XXError</c>, <c>5XXError</c> (0 or 1 per request), <c>Latency</c> and <c>IntegrationLatency</c> (ms), in the
/// dimension sets <c>ApiName</c> and <c>ApiName+Stage</c>, and with detailed metrics (the method's, else the stage's
/// <c>*/*</c>, <c>metricsEnabled</c>) <c>ApiName+Method+Resource+Stage</c>. One series per method, by its index, and one
/// for the stage's requests that matched no method.
/// </summary>
public sealed class RestStageMetrics
{
    public const int Count = 0;
    public const int ClientErrors = 1;
    public const int ServerErrors = 2;
    public const int Latency = 3;
    public const int IntegrationLatency = 4;

    private static readonly (string Name, MetricKind Kind, string Unit)[] Definitions =
    [
        ("Count", MetricKind.Flag, MetricUnits.Count),
        ("4XXError", MetricKind.Flag, MetricUnits.Count),
        ("5XXError", MetricKind.Flag, MetricUnits.Count),
        ("Latency", MetricKind.Distribution, MetricUnits.Milliseconds),
        ("IntegrationLatency", MetricKind.Distribution, MetricUnits.Milliseconds),
    ];

    private readonly MetricSeries[] _methods;

    private RestStageMetrics(MetricSeries[] methods, MetricSeries unmatched)
    {
        _methods = methods;
        Unmatched = unmatched;
    }

    public MetricSeries Unmatched { get; }

    public IEnumerable<MetricSeries> All => _methods.Append(Unmatched);

    public MetricSeries For(CompiledRestMethod? method) =>
        method is not null && (uint)method.Index < (uint)_methods.Length ? _methods[method.Index] : Unmatched;

    public static RestStageMetrics For(MetricRecorder recorder, string apiId, string apiName, RestStage stage, CompiledRestDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(deployment);
        var owner = HttpApiMetrics.OwnerOf(apiId);
        var stageWide = stage.MethodSettings.GetValueOrDefault("*/*")?.MetricsEnabled ?? false;
        var methods = new MetricSeries[deployment.Methods.Count];
        foreach (var method in deployment.Methods)
        {
            var detailed = stage.MethodSettings.GetValueOrDefault(method.SettingsKey)?.MetricsEnabled ?? stageWide;
            methods[method.Index] = recorder.GetOrAdd(owner, $"method\n{apiName}\n{stage.StageName}\n{method.ResourcePath}\n{method.HttpMethod}\n{detailed}",
                In(DimensionSets(apiName, stage.StageName, detailed ? method : null)));
        }

        var unmatched = recorder.GetOrAdd(owner, $"stage\n{apiName}\n{stage.StageName}", In(DimensionSets(apiName, stage.StageName, null)));
        return new RestStageMetrics(methods, unmatched);
    }

    internal static MetricDimension[][] DimensionSets(string apiName, string stage, CompiledRestMethod? method)
    {
        var api = new MetricDimension("ApiName", apiName);
        var onStage = new MetricDimension("Stage", stage);
        return method is null
            ? [[api], [api, onStage]]
            : [[api], [api, onStage], [api, new MetricDimension("Method", method.HttpMethod), new MetricDimension("Resource", method.ResourcePath), onStage]];
    }

    private static IReadOnlyList<SeriesMetric> In(MetricDimension[][] dimensionSets) =>
    [
        .. Definitions.Select(d => new SeriesMetric(d.Kind, d.Unit,
            [.. dimensionSets.Select(dimensions => new MetricKey(HttpApiMetrics.Namespace, d.Name, dimensions))])),
    ];
}
