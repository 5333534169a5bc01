using System.Globalization;

namespace Gatehouse.Identity.SigV4;

/// <summary>SigV4's timestamps: ISO-8601 basic format (<c>20150830T123600Z</c>), or an RFC 1123 <c>Date</c> header.</summary>
internal static class AmzDate
{
    public const string Pattern = "yyyyMMdd'T'HHmmss'Z'";
    public const int Length = 16;

    /// <summary>Parses <c>yyyyMMddTHHmmssZ</c> exactly (by hand: this runs on every signed request).</summary>
    public static bool TryParseBasic(ReadOnlySpan<char> value, out DateTimeOffset time)
    {
        time = default;
        if (value.Length != Length || value[8] != 'T' || value[15] != 'Z')
        {
            return false;
        }

        if (!TryDigits(value[..4], out var year) || !TryDigits(value[4..6], out var month) || !TryDigits(value[6..8], out var day) ||
            !TryDigits(value[9..11], out var hour) || !TryDigits(value[11..13], out var minute) || !TryDigits(value[13..15], out var second) ||
            year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>An HTTP <c>Date</c> header (<c>Sun, 30 Aug 2015 12:36:00 GMT</c>), or the basic format, which some clients put there.</summary>
    public static bool TryParseHttpDate(string value, out DateTimeOffset time) =>
        TryParseBasic(value, out time) ||
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryFormat(DateTimeOffset time, Span<char> destination) =>
        time.UtcDateTime.TryFormat(destination, out var written, Pattern, CultureInfo.InvariantCulture) && written == Length;
}
