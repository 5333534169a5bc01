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
        return stage.AccessLogSettings is { Format: var format, DestinationArn: var arn } ? Create(apiId, stage.StageName, format, arn, restApi: false) : null;
    }

    /// <summary>
    /// An access log from a stage's settings, HTTP or REST (whose format may name REST's variables); null without a
    /// format or with a destination that names no log group. An HTTP format with variables HTTP APIs do not support
    /// (which the control plane refuses) gives none; a REST format keeps them as text.
    /// </summary>
    internal static StageAccessLog? Create(string apiId, string stageName, string? formatText, string? destinationArn, bool restApi)
    {
        if (formatText is null || !AccessLogDestination.TryParseLogGroup(destinationArn, out var group))
        {
            return null;
        }

        var format = AccessLogFormat.Parse(formatText, restApi);
        return restApi || format.UnsupportedVariables.IsEmpty ? new StageAccessLog(format, group, $"{apiId}_{stageName}") : null;
    }

    /// <summary>Renders the request's line and queues it; false when the writer dropped it.</summary>
    internal bool Write(ILogWriter writer, RequestContext context, HttpContext httpContext) =>
        Write(writer, new RequestLogValues(context, httpContext, Stopwatch.GetTimestamp()));

    /// <summary>Renders a line from <paramref name="values"/> and queues it; false when the writer dropped it.</summary>
    internal bool Write<TValues>(ILogWriter writer, TValues values) where TValues : IAccessLogValues =>
        Format.Write(writer, LogGroupName, LogStreamName, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), values);
}
