namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>The integration request's headers, query string and path parameters after the request parameter
/// mappings (and later the template's <c>$context.requestOverride</c>).</summary>
public sealed class MappedRequestParameters
{
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public List<KeyValuePair<string, string>> QueryString { get; } = [];

    public Dictionary<string, string> Path { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets a header, replacing every value it had (names compare without regard to case).</summary>
    public void SetHeader(string name, IEnumerable<string> values)
    {
        Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        foreach (var value in values)
        {
            Headers.Add(new(name, value));
        }
    }

    /// <summary>Sets a query string parameter, replacing every value it had.</summary>
    public void SetQuery(string name, IEnumerable<string> values)
    {
        QueryString.RemoveAll(q => q.Key == name);
        foreach (var value in values)
        {
            QueryString.Add(new(name, value));
        }
    }
}
