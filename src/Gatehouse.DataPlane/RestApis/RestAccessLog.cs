using System.Diagnostics;
using System.Text;
using Gatehouse.DataPlane.Logging;
using Gatehouse.Model.RestApis;
using Gatehouse.Observability.AccessLogs;
using Gatehouse.Observability.Logs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A REST stage's access log: its format compiled with REST's variables (<c>resourcePath</c>, <c>resourceId</c>,
/// <c>deploymentId</c> beside HTTP APIs' own), one line per request in the stream <c>{apiId}_{stage}</c> of the
/// log group its destination ARN names.
/// </summary>
public sealed class RestAccessLog
{
    private RestAccessLog(AccessLogFormat format, string logGroupName, string logStreamName)
    {
        Format = format;
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
    }

    public AccessLogFormat Format { get; }
    public string LogGroupName { get; }
    public string LogStreamName { get; }

    public static RestAccessLog? For(string apiId, RestStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (stage.AccessLogSettings is not { Format: { } text, DestinationArn: var arn } || !AccessLogDestination.TryParseLogGroup(arn, out var group))
        {
            return null;
        }

        return new RestAccessLog(AccessLogFormat.Parse(text, restApi: true), group, $"{apiId}_{stage.StageName}");
    }

    internal bool Write(ILogWriter writer, RequestContext context, HttpContext httpContext)
    {
        var line = Format.Render(new RestLogValues(new RequestLogValues(context, httpContext, Stopwatch.GetTimestamp()), context));
        return writer.TryWrite(LogGroupName, LogStreamName, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), line);
    }

    /// <summary>REST's values: its own variables and error, then what HTTP APIs' values know.</summary>
    private readonly struct RestLogValues(RequestLogValues common, RequestContext context) : IAccessLogValues
    {
        public bool TryAppend(StringBuilder builder, ContextVariable variable, string? property)
        {
            var value = variable switch
            {
                ContextVariable.ResourceId => context.ResourceId,
                ContextVariable.ResourcePath => context.ResourcePath,
                ContextVariable.DeploymentId => context.DeploymentId,
                ContextVariable.Stage => context.RestStageName,
                ContextVariable.ExtendedRequestId => context.ExtendedRequestId,
                ContextVariable.ErrorMessage => context.RestError?.Message,
                ContextVariable.ErrorMessageString => context.RestError is { } error ? System.Text.Json.JsonSerializer.Serialize(error.Message) : null,
                ContextVariable.ErrorResponseType => context.RestError?.Type,
                ContextVariable.RouteKey => null,
                _ => "",
            };
            if (value is null)
            {
                return false;
            }

            if (value.Length > 0)
            {
                builder.Append(value);
                return true;
            }

            return common.TryAppend(builder, variable, property);
        }
    }
}
