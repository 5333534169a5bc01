using System.Diagnostics;
using Gatehouse.DataPlane.Apis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Metrics;

/// <summary>
/// Records a finished request, as AWS counts it: every request that reached an API, the gateway's own answers (404,
/// 403, 413, 429...) included. It counts in its route's series when a route matched, else in its stage's, else
/// (no stage) in the API's <c>ApiId</c> only; a request to no API counts nowhere (on AWS it never reaches one).
/// <c>IntegrationLatency</c> (whole milliseconds, as the access log's) is recorded only when an integration answered;
/// <c>DataProcessed</c> is the request's declared body and the response's body (counted when chunked).
/// Allocates nothing.
/// </summary>
internal static class RequestMetrics
{
    public static void Record(HttpContext httpContext, ApiRegistry registry, long startedAt)
    {
        var latency = Stopwatch.GetElapsedTime(startedAt);
        var status = httpContext.Response.StatusCode;
        var context = httpContext.Features.Get<RequestContext>();
        GatewayInstruments.RecordRequest(context?.ApiId ?? "-", context?.StageName ?? "-", context?.RouteKey ?? "-", status, latency.TotalSeconds);
        if (context is null)
        {
            return;
        }

        var series = context.Stage is { } stage ? stage.Metrics?.For(context.Route) : registry.Find(context.ApiId)?.Metrics;
        if (series is null)
        {
            return;
        }

        using var writer = series.Begin();
        writer.RecordFlag(HttpApiMetrics.Count, true);
        writer.RecordFlag(HttpApiMetrics.ClientErrors, status is >= 400 and < 500);
        writer.RecordFlag(HttpApiMetrics.ServerErrors, status >= 500);
        writer.Record(HttpApiMetrics.Latency, latency.TotalMilliseconds);
        if (context.IntegrationLatency >= 0)
        {
            writer.Record(HttpApiMetrics.IntegrationLatency, context.IntegrationLatency);
        }

        writer.Record(HttpApiMetrics.DataProcessed, context.DataProcessed(httpContext));
    }
}
