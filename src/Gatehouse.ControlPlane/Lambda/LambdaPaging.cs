using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// Lambda's paging: <c>MaxItems</c> (1 to 10000, 50 when absent) and an opaque <c>Marker</c> that names the last item
/// returned, so a page boundary survives items added or removed between calls.
/// </summary>
internal static class LambdaPaging
{
    public const int DefaultPageSize = 50;

    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextMarker);

    /// <summary>Pages through <paramref name="items"/>, which are ordered by <paramref name="key"/> (ordinal).</summary>
    public static Page<T> Apply<T>(HttpRequest request, IReadOnlyList<T> items, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = DefaultPageSize;
        var max = request.Query["MaxItems"].ToString();
        if (max.Length > 0)
        {
            var validation = new LambdaValidation();
            if (!int.TryParse(max, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pageSize))
            {
                validation.Add(max, "maxItems", "Member must be an integer");
            }
            else
            {
                validation.Range(pageSize, "maxItems", 1, 10000);
            }

            validation.ThrowIfAny();
        }

        var start = 0;
        var marker = request.Query["Marker"].ToString();
        if (marker.Length > 0)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(marker));
            }
            catch (FormatException)
            {
                throw LambdaErrors.InvalidParameter($"Invalid Marker: {marker}");
            }

            while (start < items.Count && string.CompareOrdinal(key(items[start]), after) <= 0)
            {
                start++;
            }
        }

        var page = items.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes(key(page[^1]))) : null;
        return new Page<T>(page, next);
    }

    /// <summary>A sort key for a version that puts <c>$LATEST</c> first and numbers in numeric order.</summary>
    public static string VersionKey(string version) => version.Length > 0 && version.All(char.IsAsciiDigit) ? version.PadLeft(10, '0') : "";
}
