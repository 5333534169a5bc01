namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>Patch paths are JSON-pointer-like: segments split on <c>/</c>, with <c>~1</c> for <c>/</c> and <c>~0</c> for <c>~</c> inside one.</summary>
public static class PatchPath
{
    /// <summary>The decoded segments of a path that starts with <c>/</c>; null for one that does not.</summary>
    public static string[]? Split(string? path)
    {
        if (path is null || !path.StartsWith('/'))
        {
            return null;
        }

        return path.Length == 1 ? [] : [.. path[1..].Split('/').Select(Unescape)];
    }

    public static string Unescape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    public static string Escape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }
}
