namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// What the integration answered, before the integration response: the backend's status, headers and body, and
/// the value the integration responses' <c>selectionPattern</c>s are matched against (the status as text for HTTP and
/// MOCK, a failed function's <c>errorMessage</c> for Lambda).
/// </summary>
public sealed record EndpointResponse
{
    public required int StatusCode { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The text the selection patterns are matched against.</summary>
    public required string SelectionValue { get; init; }

    /// <summary>True for a Lambda function's error: its <c>errorMessage</c> may hold JSON that body mappings read
    /// into (handle-errors-in-lambda-integration).</summary>
    public bool IsLambdaError { get; init; }

    /// <summary>The backend's Content-Type header, if any.</summary>
    public string? ContentType => Header("Content-Type");

    /// <summary>The last value of a header (names compare without regard to case), or null.</summary>
    public string? Header(string name)
    {
        for (var i = Headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return Headers[i].Value;
            }
        }

        return null;
    }

    /// <summary>Every value of a header, in order.</summary>
    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
}
