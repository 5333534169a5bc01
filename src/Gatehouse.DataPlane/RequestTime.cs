using System.Globalization;

namespace Gatehouse.DataPlane;

/// <summary>
/// A time as API Gateway's <c>$context.requestTime</c> shows it (<c>12/Mar/2020:19:03:58 +0000</c>): to the second,
/// so the text of the current second is made once and shared by every request in it.
/// </summary>
public static class RequestTime
{
    private const string Format = "dd/MMM/yyyy:HH:mm:ss +0000";

    private static Formatted? s_last;

    public static string Text(long epochMilliseconds)
    {
        var second = Math.DivRem(epochMilliseconds, 1000, out var rest) - (rest < 0 ? 1 : 0);
        if (s_last is { } last && last.Second == second)
        {
            return last.Value;
        }

        var text = DateTimeOffset.FromUnixTimeSeconds(second).ToString(Format, CultureInfo.InvariantCulture);
        s_last = new Formatted(second, text);
        return text;
    }

    private sealed record Formatted(long Second, string Value);
}
