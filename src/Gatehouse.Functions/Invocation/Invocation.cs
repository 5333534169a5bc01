using System.Globalization;

namespace Gatehouse.Functions.Invocation;

/// <summary>
/// One invocation on its way through a worker: what the Runtime API hands the runtime, and the promise the caller
/// waits on. Completed exactly once, by the runtime's response or error, a crash, or the timeout.
/// </summary>
internal sealed class Invocation
{
    // Continuations run on the completing thread: the caller (a gateway request) resumes on the Runtime API thread that
    // took the worker's answer, instead of waking another thread. Nothing holds a lock when it completes.
    private readonly TaskCompletionSource<InvocationOutcome> _outcome = new();

    public required string RequestId { get; init; }
    public required ReadOnlyMemory<byte> Payload { get; init; }
    public required string InvokedFunctionArn { get; init; }
    public required TimeSpan Timeout { get; init; }
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }

    /// <summary>When it was given to a worker (Stopwatch ticks).</summary>
    public long AssignedAt { get; private set; }

    /// <summary>When the runtime received the event (Stopwatch ticks); the function's clock starts here.</summary>
    public long DeliveredAt { get; private set; }

    /// <summary>Lambda-Runtime-Deadline-Ms: delivery plus the function's timeout, in Unix milliseconds.</summary>
    public long DeadlineUnixMs { get; private set; }

    public Task<InvocationOutcome> Outcome => _outcome.Task;

    public bool IsCompleted => _outcome.Task.IsCompleted;

    public void MarkAssigned() => AssignedAt = System.Diagnostics.Stopwatch.GetTimestamp();

    public void MarkDelivered()
    {
        DeliveredAt = System.Diagnostics.Stopwatch.GetTimestamp();
        DeadlineUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)Timeout.TotalMilliseconds;
    }

    public bool TryComplete(InvocationOutcome outcome) => _outcome.TrySetResult(outcome);

    /// <summary>The function's running time so far, from delivery.</summary>
    public TimeSpan Elapsed => DeliveredAt == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(DeliveredAt);

    public string TimeoutSeconds => Timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>What a runtime answered: the payload, and for failures the error type that Lambda reports.</summary>
/// <param name="Payload">The response, or the error document.</param>
/// <param name="Error">Null for a success; otherwise the error (Lambda's <c>X-Amz-Function-Error</c> is <c>Unhandled</c>).</param>
/// <param name="Log">The invocation's log after its START line: the function's output, END and REPORT.</param>
internal sealed record InvocationOutcome(ReadOnlyMemory<byte> Payload, string? Error, Logs.LogEvent[] Log)
{
    public static InvocationOutcome Failure(string errorType, string errorMessage, Logs.LogEvent[] log) =>
        new(ErrorDocument(errorType, errorMessage), errorType, log);

    public static Logs.LogEvent[] Line(string message) => [new Logs.LogEvent(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), message)];

    /// <summary>Lambda's error document: <c>{"errorType":...,"errorMessage":...}</c>.</summary>
    public static byte[] ErrorDocument(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", errorType);
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
