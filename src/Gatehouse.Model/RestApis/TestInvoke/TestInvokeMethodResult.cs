namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>
/// What the client would have got (<c>status</c>, <c>body</c>, headers in order), the execution log and the latency in
/// milliseconds: TestInvokeMethod's output.
/// </summary>
public sealed record TestInvokeMethodResult
{
    public required int Status { get; init; }

    public string Body { get; init; } = "";

    /// <summary>Response headers in order; a name may repeat (<c>multiValueHeaders</c> keeps every value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public required string Log { get; init; }

    public long Latency { get; init; }
}
