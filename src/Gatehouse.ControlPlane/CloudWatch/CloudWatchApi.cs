using System.Text;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// CloudWatch's operations, once for both protocols: each reads an <see cref="ICloudWatchInput"/> and returns the
/// writer of its answer's members (null when the operation has no output), or throws <see cref="AwsException"/> with
/// CloudWatch's error code.
/// </summary>
public sealed partial class CloudWatchApi(MetricStore metrics, AlarmService alarms, ControlPlaneOptions options, TimeProvider time)
{
    /// <summary>
    /// <c>cloudwatch:{Operation}</c>: on the alarms' ARNs for the operations that name alarms (what has resource-level
    /// permissions), on <c>*</c> for the rest (PutMetricData, GetMetricData, ListMetrics, DescribeAlarms…).
    /// </summary>
    internal ServiceAccess AccessOf(string operation, ICloudWatchInput input)
    {
        var names = operation switch
        {
            "PutMetricAlarm" or "SetAlarmState" => input.String("AlarmName") is { } name ? [name] : [],
            "DeleteAlarms" or "EnableAlarmActions" or "DisableAlarmActions" => input.StringList("AlarmNames") ?? [],
            "DescribeAlarmHistory" => input.String("AlarmName") is { } name ? [name] : null,
            _ => null,
        };
        return new ServiceAccess("cloudwatch:" + operation, names is null ? ["*"] : [.. names.Select(alarms.ArnOf)]);
    }

    internal static AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(403, "AccessDenied", ServiceAuthorizer.DeniedMessage(callerArn, action, resource, explicitDeny));

    public const string ApiVersion = "2010-08-01";

    internal async Task<Action<IShapeWriter>?> InvokeAsync(string operation, ICloudWatchInput input, CancellationToken cancellationToken) => operation switch
    {
        "PutMetricData" => await PutMetricDataAsync(input, cancellationToken),
        "GetMetricStatistics" => await GetMetricStatisticsAsync(input, cancellationToken),
        "GetMetricData" => await GetMetricDataAsync(input, cancellationToken),
        "ListMetrics" => await ListMetricsAsync(input, cancellationToken),
        "PutMetricAlarm" => await PutMetricAlarmAsync(input, cancellationToken),
        "DescribeAlarms" => await DescribeAlarmsAsync(input, cancellationToken),
        "DescribeAlarmsForMetric" => await DescribeAlarmsForMetricAsync(input, cancellationToken),
        "DeleteAlarms" => await DeleteAlarmsAsync(input, cancellationToken),
        "SetAlarmState" => await SetAlarmStateAsync(input, cancellationToken),
        "DescribeAlarmHistory" => await DescribeAlarmHistoryAsync(input, cancellationToken),
        "EnableAlarmActions" => await SetAlarmActionsAsync(input, enabled: true, cancellationToken),
        "DisableAlarmActions" => await SetAlarmActionsAsync(input, enabled: false, cancellationToken),
        _ => throw CloudWatchErrors.InvalidAction(operation),
    };

    private DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>A page of items from a token made by <see cref="Token"/>; the token carries the sort key of the page's first item.</summary>
    private static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> items, Func<T, string> key, string? token, int size)
    {
        var start = 0;
        if (token is not null)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException)
            {
                throw CloudWatchErrors.InvalidNextToken();
            }

            start = items.Count(i => string.CompareOrdinal(key(i), after) < 0);
        }

        var page = items.Skip(start).Take(size).ToList();
        return (page, start + size < items.Count ? Token(key(items[start + size])) : null);
    }

    private static string Token(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));
}
