using System.Globalization;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>Parsing member values from text, as both protocols need it, with AWS's error for a malformed value.</summary>
internal static class InputValues
{
    public static double ParseDouble(string path, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(path, text, "a number");

    public static int ParseInt(string path, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(path, text, "an integer");

    public static bool ParseBool(string path, string text) => text.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw Malformed(path, text, "true or false"),
    };

    /// <summary>ISO 8601 (<c>2016-10-03T23:00:00Z</c>, as the query protocol sends it) or epoch seconds.</summary>
    public static DateTimeOffset ParseTimestamp(string path, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return FromEpochSeconds(path, seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw Malformed(path, text, "a timestamp (ISO 8601, e.g. 2016-10-03T23:00:00Z)");
    }

    public static DateTimeOffset FromEpochSeconds(string path, double seconds) =>
        Math.Abs(seconds) < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : throw Malformed(path, seconds.ToString(CultureInfo.InvariantCulture), "a timestamp");

    public static AwsException Malformed(string path, string text, string expected) =>
        new(400, "InvalidParameterValue", $"The value {text} for parameter {path} is invalid: expected {expected}.");
}
