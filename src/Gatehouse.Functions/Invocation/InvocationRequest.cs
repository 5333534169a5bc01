namespace Gatehouse.Functions.Invocation;

/// <summary>One synchronous invocation as a caller asks for it (the Lambda Invoke API or an AWS_PROXY integration).</summary>
public sealed record InvocationRequest
{
    /// <summary>A function name, a partial ARN (<c>000000000000:function:name</c>) or a full ARN, maybe qualified.</summary>
    public required string FunctionName { get; init; }

    /// <summary>A version number, <c>$LATEST</c> or an alias name; null for an unqualified name (then <c>$LATEST</c>).</summary>
    public string? Qualifier { get; init; }

    /// <summary>The event, as the bytes the function receives.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>The X-Ray trace header to hand the function (<c>Lambda-Runtime-Trace-Id</c>), if any.</summary>
    public string? TraceId { get; init; }

    /// <summary>Base64 client context (<c>X-Amz-Client-Context</c>), passed to the runtime as is.</summary>
    public string? ClientContext { get; init; }

    /// <summary>Collect the last 4 KB of the invocation's log (<c>LogType: Tail</c>).</summary>
    public bool TailLogs { get; init; }
}
