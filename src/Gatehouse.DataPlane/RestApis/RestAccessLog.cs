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
    private readonly StageAccessLog _log;

    private RestAccessLog(StageAccessLog log) => _log = log;

    public static RestAccessLog? For(string apiId, RestStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return stage.AccessLogSettings is { Format: var format, DestinationArn: var arn } &&
            StageAccessLog.Create(apiId, stage.StageName, format, arn, restApi: true) is { } log
            ? new RestAccessLog(log)
            : null;
    }

    internal bool Write(ILogWriter writer, RequestContext context, HttpContext httpContext) =>
        _log.Write(writer, new RestLogValues(new RequestLogValues(context, httpContext, Stopwatch.GetTimestamp()), context));

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
                ContextVariable.ErrorMessageString => context.RestError?.MessageString,
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
