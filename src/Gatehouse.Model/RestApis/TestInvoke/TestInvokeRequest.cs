namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>
/// The simulated client request of a test invocation, parsed (<see cref="TestInvokeInput"/>): the path as sent
/// (percent-encoding kept), the query string without its <c>?</c>, headers in order (a name may repeat), the body and
/// the stage variables.
/// </summary>
public sealed record TestInvokeRequest
{
    /// <summary>The path, e.g. <c>/pets/1</c>; the resource's own path when the caller gave none.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query string without <c>?</c>; empty when none.</summary>
    public string Query { get; init; } = "";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
