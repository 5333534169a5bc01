using System.Globalization;

namespace Gatehouse.Identity.SigV4;

/// <summary>SigV4's timestamps: ISO-8601 basic format (<c>20150830T123600Z</c>), or an RFC 1123 <c>Date</c> header.</summary>
internal static class AmzDate
{
    public const string Pattern = "yyyyMMdd'T'HHmmss'Z'";
    public const int Length = 16;

    public static bool TryParseBasic(ReadOnlySpan<char> value, out DateTimeOffset time)
    {
        time = default;
        if (value.Length != Length || !DateTime.TryParseExact(value, Pattern, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>An HTTP <c>Date</c> header (<c>Sun, 30 Aug 2015 12:36:00 GMT</c>), or the basic format, which some clients put there.</summary>
    public static bool TryParseHttpDate(string value, out DateTimeOffset time) =>
        TryParseBasic(value, out time) ||
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryFormat(DateTimeOffset time, Span<char> destination) =>
        time.UtcDateTime.TryFormat(destination, out var written, Pattern, CultureInfo.InvariantCulture) && written == Length;
}
