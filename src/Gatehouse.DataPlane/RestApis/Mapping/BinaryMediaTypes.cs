namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An API's <c>binaryMediaTypes</c>: which Content-Type (request, integration response) or first Accept type counts
/// as binary. Entries may be wildcards (<c>image/*</c>, <c>*/*</c>); only the MIME type of a header is compared,
/// without regard to case (api-gateway-payload-encodings).
/// </summary>
public sealed class BinaryMediaTypes
{
    private readonly string[] _types;

    public BinaryMediaTypes(IEnumerable<string>? types) =>
        _types = [.. (types ?? []).Select(t => t.Trim()).Where(t => t.Length > 0)];

    public static BinaryMediaTypes None { get; } = new([]);

    public bool IsEmpty => _types.Length == 0;

    /// <summary>True when the header's (first) media type is one of the binary media types.</summary>
    public bool IsBinary(string? header) => Matches(_types, header);

    /// <summary>
    /// True when a Content-Type or Accept header's (first) media type is one of <paramref name="types"/>: exactly,
    /// by <c>type/*</c>, or <c>*/*</c> (facts §4.1).
    /// </summary>
    public static bool Matches(IReadOnlyList<string> types, string? header)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count == 0 || string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var first = header.Split(',')[0];
        var semicolon = first.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? first : first[..semicolon]).Trim();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        foreach (var type in types)
        {
            if (string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase) || type == "*/*")
            {
                return true;
            }

            if (type.EndsWith("/*", StringComparison.Ordinal) && slash > 0 &&
                string.Equals(type[..^2], mediaType[..slash], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
