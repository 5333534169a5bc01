namespace Gatehouse.DataPlane.Routing;

/// <summary>Splits a request path into decoded segments for route matching and path parameters.</summary>
public static class RequestPath
{
    /// <summary>
    /// "/pets/dog%20s/" → ["pets", "dog s"]: the leading slash and one trailing slash are dropped (AWS ignores a
    /// trailing slash when matching), empty inner segments are kept, each segment is percent-decoded.
    /// </summary>
    public static string[] Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var span = path.AsSpan();
        if (span.StartsWith("/"))
        {
            span = span[1..];
        }

        if (span.EndsWith("/"))
        {
            span = span[..^1];
        }

        if (span.IsEmpty)
        {
            return [];
        }

        var count = span.Count('/') + 1;
        var segments = new string[count];
        var index = 0;
        foreach (var range in span.Split('/'))
        {
            var segment = span[range];
            segments[index++] = segment.Contains('%') ? Uri.UnescapeDataString(segment.ToString()) : segment.ToString();
        }

        return segments;
    }
}
