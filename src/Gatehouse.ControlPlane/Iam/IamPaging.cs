using System.Text;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// IAM's <c>Marker</c>/<c>MaxItems</c> paging (100 items by default, at most 1000): the marker is opaque to clients; it
/// carries the sort key of the next item, so a page boundary survives items added or removed before it.
/// </summary>
internal static class IamPaging
{
    public const int DefaultMaxItems = 100;

    public static (IReadOnlyList<T> Page, string? NextMarker) Page<T>(IReadOnlyList<T> items, Func<T, string> key, string? marker, int? maxItems)
    {
        var start = 0;
        if (marker is not null)
        {
            var after = Decode(marker);
            start = items.Count(i => string.CompareOrdinal(key(i), after) < 0);
        }

        var size = maxItems ?? DefaultMaxItems;
        var page = items.Skip(start).Take(size).ToList();
        var next = start + size < items.Count ? Encode(key(items[start + size])) : null;
        return (page, next);
    }

    /// <summary>Writes <c>IsTruncated</c> and, when truncated, <c>Marker</c>.</summary>
    public static void Write(QueryXmlWriter xml, string? nextMarker)
    {
        xml.Element("IsTruncated", nextMarker is not null);
        xml.Element("Marker", nextMarker);
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string Decode(string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw new AwsException(400, "ValidationError", "Invalid Marker: it does not come from a previous answer.");
        }
    }
}
