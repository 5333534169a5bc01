namespace Gatehouse.DataPlane.RestApis;

/// <summary>Whether a content type is one of an API's <c>binaryMediaTypes</c>: exactly, by <c>type/*</c>, or <c>*/*</c> (facts §4.1).</summary>
public static class BinaryMediaTypes
{
    public static bool Matches(IReadOnlyList<string> binaryMediaTypes, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(binaryMediaTypes);
        if (binaryMediaTypes.Count == 0 || string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        foreach (var candidate in binaryMediaTypes)
        {
            if (candidate == "*/*" || string.Equals(candidate, mediaType, StringComparison.OrdinalIgnoreCase) ||
                (slash > 0 && candidate.EndsWith("/*", StringComparison.Ordinal) &&
                 string.Equals(candidate[..^2], mediaType[..slash], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
