using Gatehouse.Observability.Metrics;

namespace Gatehouse.DataPlane.Metrics;

/// <summary>
/// The <c>AWS/ApiGateway</c> metrics of HTTP APIs (http-api-metrics): <c>Count</c> (1 per request: SampleCount and Sum
/// are the requests), <c>4xx</c> and <c>5xx</c> (0 or 1 per request: Sum is the errors, Average their rate), <c>Latency</c>
/// (ms, the whole request), <c>IntegrationLatency</c> (ms, only when an integration was called) and
/// <c>DataProcessed</c> (bytes), at the indexes a <see cref="SeriesWriter"/> takes.
/// </summary>
public static class HttpApiMetrics
{
    public const string Namespace = "AWS/ApiGateway";

    public const int Count = 0;
    public const int ClientErrors = 1;
    public const int ServerErrors = 2;
    public const int Latency = 3;
    public const int IntegrationLatency = 4;
    public const int DataProcessed = 5;

    private static readonly (string Name, MetricKind Kind, string Unit)[] Definitions =
    [
        ("Count", MetricKind.Flag, MetricUnits.Count),
        ("4xx", MetricKind.Flag, MetricUnits.Count),
        ("5xx", MetricKind.Flag, MetricUnits.Count),
        ("Latency", MetricKind.Distribution, MetricUnits.Milliseconds),
        ("IntegrationLatency", MetricKind.Distribution, MetricUnits.Milliseconds),
        ("DataProcessed", MetricKind.Distribution, MetricUnits.Bytes),
    ];

    /// <summary>Every metric, counted in each of the dimension sets given.</summary>
    public static IReadOnlyList<SeriesMetric> In(params MetricDimension[][] dimensionSets) =>
    [
        .. Definitions.Select(d => new SeriesMetric(d.Kind, d.Unit,
            [.. dimensionSets.Select(dimensions => new MetricKey(Namespace, d.Name, dimensions))])),
    ];

    /// <summary>The dimension sets a request counts in: <c>ApiId</c>, <c>ApiId+Stage</c>, and with detailed metrics <c>ApiId+Stage+Route</c>.</summary>
    public static MetricDimension[][] DimensionSets(string apiId, string? stage, string? routeKey)
    {
        var api = new MetricDimension("ApiId", apiId);
        if (stage is null)
        {
            return [[api]];
        }

        var onStage = new MetricDimension("Stage", stage);
        return routeKey is null ? [[api], [api, onStage]] : [[api], [api, onStage], [api, onStage, new MetricDimension("Route", routeKey)]];
    }

    /// <summary>Where an API's series belong in the <see cref="MetricRecorder"/>.</summary>
    public static string OwnerOf(string apiId) => Namespace + "/" + apiId;
}
