using System.Diagnostics;
using System.Globalization;

namespace Gatehouse.DataPlane.Tracing;

/// <summary>
/// The gateway's spans, for OpenTelemetry (exported over OTLP when configured): one server span per request
/// (<c>gateway</c>) in the trace its <c>X-Amzn-Trace-Id</c> names, with child spans for the authorizer and the
/// integration. Nothing is created while no listener samples the source, so tracing off costs one check per request.
/// A request the gateway samples carries its span onward: the integration's <c>X-Amzn-Trace-Id</c> gets
/// <c>Parent={the gateway span};Sampled=1</c>, as X-Ray's API Gateway segment does.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "Gatehouse.DataPlane";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// Starts the request's span when tracing is on: its trace id is the header's root; its parent the header's
    /// <c>Parent</c>; sampled as the header's <c>Sampled</c> says, else with probability <paramref name="sampleRatio"/>
    /// (decided from the trace id, so every node decides alike). Returns the span (null when not traced) and the
    /// header to send onward.
    /// </summary>
    public static (Activity? Span, string TraceHeader) StartRequest(string traceHeader, double sampleRatio, string method)
    {
        ArgumentNullException.ThrowIfNull(traceHeader);
        if (!Source.HasListeners() || !TryReadHeader(traceHeader, out var traceId, out var parentId, out var sampled))
        {
            return (null, traceHeader);
        }

        var recorded = sampled ?? IsSampled(traceId, sampleRatio);
        var parent = new ActivityContext(traceId, parentId, recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
        var span = Source.StartActivity("gateway", ActivityKind.Server, parent);
        if (span is null)
        {
            return (null, traceHeader);
        }

        span.SetTag("http.request.method", method);
        var onward = $"Root=1-{traceId.ToHexString()[..8]}-{traceId.ToHexString()[8..]};Parent={span.SpanId.ToHexString()};Sampled={(span.Recorded ? '1' : '0')}";
        return (span, onward);
    }

    /// <summary>Ends the request's span with what the request became: route, API, stage, status, request id.</summary>
    public static void EndRequest(Activity span, RequestContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(context);
        if (span.IsAllDataRequested)
        {
            // A REST API's route is its method and resource path.
            var route = context.Route?.RouteKey.Text ?? (context.ResourcePath is { } resource ? context.HttpMethod + " " + resource : null);
            span.DisplayName = route ?? "gateway";
            span.SetTag("http.route", route);
            span.SetTag("url.path", context.Path);
            span.SetTag("http.response.status_code", status);
            span.SetTag("aws.api_gateway.api_id", context.ApiId);
            span.SetTag("aws.api_gateway.stage", context.Stage?.Name ?? context.RestStageName);
            span.SetTag("aws.request_id", context.RequestId);
            if (status >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error, context.Error?.Message ?? context.RestError?.Message ?? context.IntegrationError);
            }
        }

        span.Dispose();
    }

    /// <summary>A child span of the current request's span (authorizer, integration), or null when not traced.</summary>
    public static Activity? StartChild(string name, ActivityKind kind = ActivityKind.Internal) =>
        Activity.Current is { Source.Name: SourceName } ? Source.StartActivity(name, kind) : null;

    /// <summary>Reads Root, Parent and Sampled of an X-Ray header; false without a valid root.</summary>
    internal static bool TryReadHeader(string header, out ActivityTraceId traceId, out ActivitySpanId parentId, out bool? sampled)
    {
        traceId = default;
        parentId = default;
        sampled = null;
        if (TraceHeader.ToTraceParent(header) is not { } traceParent)
        {
            return false;
        }

        // 00-{32 hex trace}-{16 hex parent}-{flags}: the parent is the header's own, or a made-up one when it has none.
        traceId = ActivityTraceId.CreateFromString(traceParent.AsSpan(3, 32));
        if (header.Contains("Parent=", StringComparison.Ordinal))
        {
            parentId = ActivitySpanId.CreateFromString(traceParent.AsSpan(36, 16));
        }

        if (header.Contains("Sampled=1", StringComparison.Ordinal))
        {
            sampled = true;
        }
        else if (header.Contains("Sampled=0", StringComparison.Ordinal))
        {
            sampled = false;
        }

        return true;
    }

    /// <summary>A decision from the trace id's last 8 hex digits (random in every scheme), so that nodes agree.</summary>
    internal static bool IsSampled(ActivityTraceId traceId, double ratio)
    {
        if (ratio >= 1)
        {
            return true;
        }

        if (ratio <= 0)
        {
            return false;
        }

        var low = uint.Parse(traceId.ToHexString().AsSpan(24, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return low < ratio * uint.MaxValue;
    }
}
