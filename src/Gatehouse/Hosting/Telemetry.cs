using Gatehouse.DataPlane.Tracing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gatehouse.Hosting;

/// <summary>
/// OpenTelemetry: the gateway's meters (<c>Gatehouse.*</c>) and the runtime's, scraped in Prometheus text format at
/// <c>GET /metrics</c>; and, when an OTLP endpoint is configured, the same metrics and the gateway's spans exported
/// over OTLP.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The .NET runtime's own meter (GC, thread pool, exceptions, …), built in since .NET 9.</summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>Spans of function invocations, named as the Functions project names its source.</summary>
    private const string FunctionTracingSource = "Gatehouse.Functions";

    public static void Add(IServiceCollection services, ServerOptions options)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("gatehouse", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter("Gatehouse.*", RuntimeMeter);
            metrics.AddPrometheusExporter();
            if (options.Otlp is { } otlp)
            {
                metrics.AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/metrics"));
            }
        });
        if (options.Otlp is { } tracing)
        {
            telemetry.WithTracing(traces => traces
                .AddSource(GatewayTracing.SourceName, FunctionTracingSource)
                // The gateway decides (GatewayTracing.StartRequest); the SDK follows the decision it finds.
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddOtlpExporter(exporter => Configure(exporter, tracing, "v1/traces")));
        }
    }

    /// <summary><c>GET /metrics</c>: open to scrapers, as Prometheus endpoints are (it carries no secrets).</summary>
    public static bool IsScrape(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals(MetricsPath, StringComparison.Ordinal);

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    private static void Configure(OtlpExporterOptions exporter, OtlpOptions otlp, string signalPath)
    {
        exporter.Protocol = otlp.Protocol;
        // Over HTTP each signal has its own path under the endpoint (the SDK appends it only to endpoints it read from
        // the environment).
        exporter.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(otlp.Endpoint, otlp.Endpoint.AbsolutePath.EndsWith('/') ? signalPath : otlp.Endpoint.AbsolutePath + "/" + signalPath)
            : otlp.Endpoint;
    }
}

/// <summary>Where OTLP goes: the collector's endpoint and the protocol it speaks.</summary>
internal sealed record OtlpOptions(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>An absolute http(s) URL, or null (also for null or empty text).</summary>
    public static Uri? ParseEndpoint(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    /// <summary><c>grpc</c> or <c>http/protobuf</c>, as OpenTelemetry's environment variables spell them.</summary>
    public static bool TryParseProtocol(string? text, out OtlpExportProtocol protocol)
    {
        protocol = OtlpExportProtocol.Grpc;
        switch (text)
        {
            case null or "" or "grpc":
                return true;
            case "http/protobuf":
                protocol = OtlpExportProtocol.HttpProtobuf;
                return true;
            default:
                return false;
        }
    }
}
