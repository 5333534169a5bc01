namespace Gatehouse.DataPlane.RestApis;

/// <summary>A REST API request's path: its stage, and the path below it split for resource matching.</summary>
public static class RestPath
{
    /// <summary>
    /// Splits <c>/{stage}/{path}</c>: leading slashes before the stage and after it are ignored (AWS-recorded:
    /// <c>//stage/x</c> and <c>/stage//x</c> both serve <c>/x</c>); the stage name is percent-decoded. False when
    /// the path names no stage.
    /// </summary>
    public static bool TrySplitStage(string path, out string stageName, out string below)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rest = path.AsSpan().TrimStart('/');
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? rest : rest[..slash];
        stageName = first.Contains('%') ? Uri.UnescapeDataString(first.ToString()) : first.ToString();
        below = slash < 0 ? "/" : "/" + rest[slash..].TrimStart('/').ToString();
        return stageName.Length > 0;
    }

    /// <summary>
    /// "/pets/dog%20s/" → decoded ["pets", "dog s"] and raw ["pets", "dog%20s"]: the leading slash and one trailing
    /// slash are dropped (AWS ignores a trailing slash when matching), inner empty segments are kept.
    /// </summary>
    public static (string[] Decoded, string[] Raw) Split(string path)
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
            return ([], []);
        }

        var raw = span.ToString().Split('/');
        var decoded = new string[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            decoded[i] = raw[i].Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(raw[i]) : raw[i];
        }

        return (decoded, raw);
    }

    /// <summary>
    /// Whether a decoded segment is, or holds (through an encoded slash), a <c>.</c> or <c>..</c> segment: a backend
    /// would resolve it to another path than the resource the request matched, past that resource's authorization.
    /// </summary>
    public static bool HasDotSegment(string[] decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        foreach (var segment in decoded)
        {
            if (segment.Contains('.', StringComparison.Ordinal) && segment.Split('/').Any(part => part is "." or ".."))
            {
                return true;
            }
        }

        return false;
    }
}
