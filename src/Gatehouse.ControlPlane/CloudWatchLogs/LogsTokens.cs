using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Gatehouse.Observability.Logs;

namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>
/// CloudWatch Logs' page tokens: opaque to clients. DescribeLogGroups and DescribeLogStreams carry the last item's
/// sort key (base64url); GetLogEvents answers <c>f/{position}</c> and <c>b/{position}</c> as AWS does; FilterLogEvents
/// carries the position of the last event it looked at.
/// </summary>
internal static class LogsTokens
{
    public static string Name(string name) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("n/" + name));

    public static string? ParseName(string token) =>
        Decode(token) is { } text && text.StartsWith("n/", StringComparison.Ordinal) ? text[2..] : null;

    public static string Stream(LogStreamOrder order, LogStreamInfo stream) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        order == LogStreamOrder.LogStreamName
            ? "n/" + stream.Name
            : string.Create(CultureInfo.InvariantCulture, $"t/{stream.LastEventTimestamp ?? 0}/{stream.Name}")));

    public static LogStreamCursor? ParseStream(LogStreamOrder order, string token)
    {
        var text = Decode(token);
        if (order == LogStreamOrder.LogStreamName)
        {
            return text is not null && text.StartsWith("n/", StringComparison.Ordinal) ? new LogStreamCursor(0, text[2..]) : null;
        }

        var parts = text?.Split('/', 3);
        return parts is { Length: 3 } && parts[0] == "t" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var time)
            ? new LogStreamCursor(time, parts[2])
            : null;
    }

    public static string Forward(LogPosition position) => "f/" + position.Format();

    public static string Backward(LogPosition position) => "b/" + position.Format();

    /// <summary>A GetLogEvents token: its direction and position (AWS's newer tokens end in <c>/s</c>, accepted too).</summary>
    public static bool TryParseEvents(string token, out bool forward, out LogPosition position)
    {
        forward = token.StartsWith("f/", StringComparison.Ordinal);
        position = default;
        if (!forward && !token.StartsWith("b/", StringComparison.Ordinal))
        {
            return false;
        }

        var body = token[2..];
        if (body.EndsWith("/s", StringComparison.Ordinal))
        {
            body = body[..^2];
        }

        return LogPosition.TryParse(body, out position);
    }

    private static string? Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
