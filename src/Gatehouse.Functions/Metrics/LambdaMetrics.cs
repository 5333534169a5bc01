using System.Collections.Frozen;
using Gatehouse.Model.Functions;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.Functions.Metrics;

/// <summary>
/// The <c>AWS/Lambda</c> metrics of every invocation path (Invoke, API Gateway's Lambda integrations, asynchronous
/// events), as Lambda publishes them (monitoring-metrics): <c>Invocations</c> (1 per run: the function's code ran,
/// with or without an error), <c>Errors</c> (0 or 1 per run), <c>Throttles</c> (0 or 1 per attempt: throttled
/// attempts are not invocations), <c>Duration</c> (ms, from the event's delivery to the answer) and
/// <c>ConcurrentExecutions</c> (the environments busy when an invocation starts: its Maximum is the minute's peak).
/// Dimension sets: <c>FunctionName</c>; <c>FunctionName+Resource</c> (<c>name:qualifier</c>) for an invocation of a
/// version or alias; none (across all functions). Series are built per function when its document changes
/// (<see cref="Apply"/>), so recording only looks them up.
/// </summary>
public sealed class LambdaMetrics
{
    public const string Namespace = "AWS/Lambda";

    internal const int Invocations = 0;
    internal const int Errors = 1;
    internal const int Throttles = 2;
    internal const int Duration = 3;

    private static readonly (string Name, MetricKind Kind, string Unit)[] InvocationMetrics =
    [
        ("Invocations", MetricKind.Flag, MetricUnits.Count),
        ("Errors", MetricKind.Flag, MetricUnits.Count),
        ("Throttles", MetricKind.Flag, MetricUnits.Count),
        ("Duration", MetricKind.Distribution, MetricUnits.Milliseconds),
    ];

    private readonly MetricRecorder _recorder;
    private readonly MetricSeries _accountConcurrency;
    private int _running;

    public LambdaMetrics(MetricRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
        _accountConcurrency = recorder.GetOrAdd(Namespace, "account", [Concurrency([])]);
    }

    /// <summary>Builds (or finds again) a function's series from its document; null when the function was deleted.</summary>
    public FunctionSeries? Apply(string functionName, FunctionDocument? document)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        var owner = Namespace + "/" + functionName;
        if (document is null)
        {
            _recorder.Retain(owner, []);
            return null;
        }

        var name = new MetricDimension("FunctionName", functionName);
        var unqualified = _recorder.GetOrAdd(owner, "function", ForInvocations([name], []));
        var concurrency = _recorder.GetOrAdd(owner, "concurrency", [Concurrency([name])]);
        var qualifiers = document.Versions.Select(v => v.Version)
            .Concat(document.Aliases.Select(a => a.Name))
            .Append(FunctionVersion.LatestName)
            .Distinct(StringComparer.Ordinal);
        var byQualifier = qualifiers.ToFrozenDictionary(q => q, q => _recorder.GetOrAdd(owner, "resource\n" + q,
            ForInvocations([name], [name, new MetricDimension("Resource", functionName + ":" + q)])), StringComparer.Ordinal);
        _recorder.Retain(owner, byQualifier.Values.Append(unqualified).Append(concurrency));
        return new FunctionSeries(unqualified, concurrency, byQualifier);
    }

    /// <summary>An attempt refused at a concurrency limit.</summary>
    public static void RecordThrottle(FunctionSeries? function, string? qualifier)
    {
        if (function is null)
        {
            return;
        }

        using var writer = function.For(qualifier).Begin();
        writer.RecordFlag(Throttles, true);
    }

    /// <summary>
    /// An invocation admitted: counts the environments now busy (<paramref name="functionActive"/> for the function,
    /// and the account's). Pair with <see cref="RecordEnd"/>.
    /// </summary>
    public void RecordStart(FunctionSeries? function, int functionActive)
    {
        var running = Interlocked.Increment(ref _running);
        using (var account = _accountConcurrency.Begin())
        {
            account.Record(0, running);
        }

        if (function is not null)
        {
            using var writer = function.Concurrency.Begin();
            writer.Record(0, functionActive);
        }
    }

    /// <summary>The invocation ended: ran (with or without a function error) and took <paramref name="duration"/>, or never reached the function code.</summary>
    public void RecordEnd(FunctionSeries? function, string? qualifier, bool ran, bool error, TimeSpan? duration)
    {
        Interlocked.Decrement(ref _running);
        if (function is null || !ran)
        {
            return;
        }

        using var writer = function.For(qualifier).Begin();
        writer.RecordFlag(Invocations, true);
        writer.RecordFlag(Errors, error);
        writer.RecordFlag(Throttles, false);
        if (duration is { } elapsed)
        {
            writer.Record(Duration, elapsed.TotalMilliseconds);
        }
    }

    private static SeriesMetric[] ForInvocations(MetricDimension[] byName, MetricDimension[] byResource) =>
    [
        .. InvocationMetrics.Select(m => new SeriesMetric(m.Kind, m.Unit,
            [
                .. (byResource.Length == 0 ? [byName, []] : new[] { byResource, byName, [] })
                    .Select(dimensions => new MetricKey(Namespace, m.Name, dimensions)),
            ])),
    ];

    private static SeriesMetric Concurrency(MetricDimension[] dimensions) =>
        new(MetricKind.Distribution, MetricUnits.Count, [new MetricKey(Namespace, "ConcurrentExecutions", dimensions)]);
}
