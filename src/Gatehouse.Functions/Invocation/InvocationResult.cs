namespace Gatehouse.Functions.Invocation;

/// <summary>How an invocation ended, from the caller's side.</summary>
public enum InvocationStatus
{
    /// <summary>The function ran: its payload is the response, or an error document when FunctionError is set.</summary>
    Completed,

    /// <summary>No such function, version or alias (Lambda's 404 ResourceNotFoundException).</summary>
    FunctionNotFound,

    /// <summary>Refused at a concurrency limit (Lambda's 429 TooManyRequestsException); the function did not run.</summary>
    Throttled,

    /// <summary>The request payload exceeds Lambda's 6 MB limit (413 RequestTooLargeException).</summary>
    RequestTooLarge,

    /// <summary>The function exists but cannot run (state Failed, or no code); 502/409-class errors in Lambda.</summary>
    NotRunnable,
}

/// <summary>
/// The outcome of an invocation. For <see cref="InvocationStatus.Completed"/>, <see cref="Payload"/> is what the
/// function returned, or, when <see cref="FunctionError"/> is set (Lambda's <c>X-Amz-Function-Error: Unhandled</c>),
/// the error document (<c>{"errorMessage":...,"errorType":...}</c>) — a thrown error, a crash, a timeout.
/// </summary>
public sealed record InvocationResult
{
    public required InvocationStatus Status { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary><c>Unhandled</c> when the function failed; null when it succeeded.</summary>
    public string? FunctionError { get; init; }

    /// <summary>The version that ran (<c>$LATEST</c> or a number): <c>X-Amz-Executed-Version</c>.</summary>
    public string ExecutedVersion { get; init; } = "$LATEST";

    /// <summary>The Lambda request id of this invocation (the function's <c>context.awsRequestId</c>).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>The last 4 KB of the invocation's log (text, not yet base64) when asked for, else null.</summary>
    public string? LogTail { get; init; }

    /// <summary>For statuses other than Completed: the message for the caller's error.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>For Throttled: Lambda's reason (<c>ReservedFunctionConcurrentInvocationLimitExceeded</c>...).</summary>
    public string? Reason { get; init; }
}
