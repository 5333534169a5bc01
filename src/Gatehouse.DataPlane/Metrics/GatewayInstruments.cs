using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gatehouse.DataPlane.Metrics;

/// <summary>
/// The data plane's own .NET instruments, for OpenTelemetry and Prometheus, all on the meter
/// <c>Gatehouse.DataPlane</c>: <c>gatehouse.requests</c> and <c>gatehouse.request.duration</c> (seconds) tagged with
/// <c>api_id</c>, <c>stage</c>, <c>route</c> (the route key; <c>-</c> when unknown) and <c>status_class</c>
/// (<c>2xx</c>, <c>4xx</c>...), and <c>gatehouse.throttled_requests</c>. Tags go in a <see cref="TagList"/> of
/// compiled-in strings: recording allocates nothing.
/// </summary>
public static class GatewayInstruments
{
    public const string MeterName = "Gatehouse.DataPlane";

    private static readonly Meter Meter = new(MeterName);

    private static readonly string[] StatusClasses = ["1xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

    public static Counter<long> Requests { get; } =
        Meter.CreateCounter<long>("gatehouse.requests", unit: "{request}", description: "Data-plane requests answered, by API, stage, route and status class");

    public static Histogram<double> RequestDuration { get; } = Meter.CreateHistogram(
        "gatehouse.request.duration", unit: "s", description: "Time from a data-plane request's arrival to the end of its response",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30] });

    public static Counter<long> ThrottledRequests { get; } =
        Meter.CreateCounter<long>("gatehouse.throttled_requests", unit: "{request}", description: "Requests answered 429 by a throttling limit");

    /// <summary><c>2xx</c> for 200-299 and so on; anything outside 100-599 counts as <c>5xx</c>.</summary>
    public static string StatusClassOf(int status) => (uint)(status / 100) < (uint)StatusClasses.Length ? StatusClasses[status / 100] : "5xx";

    public static void RecordRequest(string apiId, string stage, string route, int status, double seconds)
    {
        if (!Requests.Enabled && !RequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "api_id", apiId },
            { "stage", stage },
            { "route", route },
            { "status_class", StatusClassOf(status) },
        };
        Requests.Add(1, tags);
        RequestDuration.Record(seconds, tags);
    }
}
