namespace Gatehouse.Templates;

/// <summary>
/// Which mapping template applies, as API Gateway chooses (developer guide: "integration passthrough behaviors" and
/// the request/response data mapping reference). Only the MIME type of a header counts (<c>application/json;
/// charset=UTF-8</c> selects <c>application/json</c>), compared without regard to case.
/// </summary>
public static class MappingTemplateSelector
{
    private const string Json = "application/json";

    /// <summary>
    /// The request template for a request's <c>Content-Type</c> (absent: <c>application/json</c>) among the
    /// integration's template keys, or what <paramref name="behavior"/> says to do when none matches.
    /// </summary>
    public static RequestTemplateChoice SelectRequest(IReadOnlyCollection<string> templateKeys, string? contentType, PassthroughBehavior behavior)
    {
        ArgumentNullException.ThrowIfNull(templateKeys);
        var key = Find(templateKeys, MediaType(contentType) ?? Json);
        if (key is not null)
        {
            return RequestTemplateChoice.Transform(key);
        }

        return behavior switch
        {
            PassthroughBehavior.WhenNoMatch => RequestTemplateChoice.PassThrough,
            PassthroughBehavior.WhenNoTemplates when templateKeys.Count == 0 => RequestTemplateChoice.PassThrough,
            _ => RequestTemplateChoice.UnsupportedMediaType,
        };
    }

    /// <summary>
    /// The response template for a request's <c>Accept</c> (absent: <c>application/json</c>; of several types the
    /// first): the matching key, else the first template, or null to pass the response through when there is none.
    /// </summary>
    public static string? SelectResponse(IReadOnlyList<string> templateKeys, string? accept)
    {
        ArgumentNullException.ThrowIfNull(templateKeys);
        if (templateKeys.Count == 0)
        {
            return null;
        }

        var first = accept?.Split(',')[0];
        return Find(templateKeys, MediaType(first) ?? Json) ?? templateKeys[0];
    }

    private static string? Find(IEnumerable<string> keys, string mediaType)
    {
        foreach (var key in keys)
        {
            if (string.Equals(MediaType(key), mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    private static string? MediaType(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? header : header[..semicolon]).Trim();
        return type.Length == 0 ? null : type;
    }
}
