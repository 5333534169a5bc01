using System.Diagnostics;

namespace Gatehouse.Functions.Tracing;

/// <summary>
/// The <c>function</c> span of an invocation, for OpenTelemetry: a child of the caller's span (the gateway's
/// integration span, flowing with the async call), or a trace of its own for a direct Invoke. Nothing is created while
/// no listener samples the source.
/// </summary>
public static class FunctionTracing
{
    public const string SourceName = "Gatehouse.Functions";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the span of an invocation of <paramref name="functionArn"/>, or null when not traced.</summary>
    public static Activity? Start(string functionName, string functionArn, string requestId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var span = Source.StartActivity("function " + functionName, ActivityKind.Server);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("faas.name", functionName);
            span.SetTag("faas.invocation_id", requestId);
            span.SetTag("cloud.resource_id", functionArn);
        }

        return span;
    }
}
