namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// What the REST handler knows of a method request when it hands it to a non-proxy integration: the values that
/// <c>method.request.*</c> mappings, <c>$input</c>, <c>$context</c> and <c>$stageVariables</c> read.
/// </summary>
public sealed record MethodRequestData
{
    /// <summary>The client's method (GET, POST...): the integration's method when it is ANY.</summary>
    public required string HttpMethod { get; init; }

    /// <summary>Path parameters by the resource's names (<c>{proxy+}</c> as <c>proxy</c>), percent-decoded.</summary>
    public IReadOnlyDictionary<string, string> PathParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Query string parameters in the order sent, decoded; a name may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryString { get; init; } = [];

    /// <summary>Headers in the order sent; a name may repeat. Names compare without regard to case.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body as received.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The stage's variables.</summary>
    public IReadOnlyDictionary<string, string> StageVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>The <c>$context</c> values of the request.</summary>
    public required RestRequestContext Context { get; init; }

    /// <summary>The request's X-Ray trace header, handed to the backend as <c>X-Amzn-Trace-Id</c>.</summary>
    public string? TraceId { get; init; }

    /// <summary>The execution log of a test invocation; null on served requests.</summary>
    public TestInvoke.RestExecutionLog? ExecutionLog { get; init; }

    /// <summary>The last value of a header (names compare without regard to case), or null.</summary>
    public string? Header(string name) => Last(Headers, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every value of a header, in the order sent.</summary>
    public IReadOnlyList<string> HeaderValues(string name) => All(Headers, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The last value of a query string parameter (names are case-sensitive), or null.</summary>
    public string? Query(string name) => Last(QueryString, name, StringComparison.Ordinal);

    /// <summary>Every value of a query string parameter, in the order sent.</summary>
    public IReadOnlyList<string> QueryValues(string name) => All(QueryString, name, StringComparison.Ordinal);

    private static string? Last(IReadOnlyList<KeyValuePair<string, string>> pairs, string name, StringComparison comparison)
    {
        for (var i = pairs.Count - 1; i >= 0; i--)
        {
            if (string.Equals(pairs[i].Key, name, comparison))
            {
                return pairs[i].Value;
            }
        }

        return null;
    }

    private static List<string> All(IReadOnlyList<KeyValuePair<string, string>> pairs, string name, StringComparison comparison)
    {
        var values = new List<string>();
        foreach (var (key, value) in pairs)
        {
            if (string.Equals(key, name, comparison))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
