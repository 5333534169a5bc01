using System.Diagnostics;
using Gatehouse.Model.HttpApis;
using Gatehouse.Observability.AccessLogs;
using Gatehouse.Observability.Logs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Logging;

/// <summary>
/// A stage's access log, compiled with the deployment: the format, and the log group its destination ARN names. Each
/// request the stage served becomes one line in the stream <c>{apiId}_{stage}</c>, handed to an
/// <see cref="ILogWriter"/> that writes in the background.
/// </summary>
public sealed class StageAccessLog
{
    private StageAccessLog(AccessLogFormat format, string logGroupName, string logStreamName)
    {
        Format = format;
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
    }

    public AccessLogFormat Format { get; }
    public string LogGroupName { get; }
    public string LogStreamName { get; }

    /// <summary>The stage's access log, or null when it has none (or settings the control plane would have refused).</summary>
    public static StageAccessLog? For(string apiId, Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (stage.AccessLogSettings is not { Format: { } text, DestinationArn: var arn } ||
            !AccessLogDestination.TryParseLogGroup(arn, out var group))
        {
            return null;
        }

        var format = AccessLogFormat.Parse(text);
        return format.UnsupportedVariables.IsEmpty ? new StageAccessLog(format, group, $"{apiId}_{stage.StageName}") : null;
    }

    /// <summary>Renders the request's line and queues it; false when the writer dropped it.</summary>
    internal bool Write(ILogWriter writer, RequestContext context, HttpContext httpContext)
    {
        var finished = Stopwatch.GetTimestamp();
        var line = Format.Render(new RequestLogValues(context, httpContext, finished));
        return writer.TryWrite(LogGroupName, LogStreamName, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), line);
    }
}
