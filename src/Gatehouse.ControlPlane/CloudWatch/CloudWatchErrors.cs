namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>CloudWatch's error codes (botocore's model), with messages that name the member at fault.</summary>
internal static class CloudWatchErrors
{
    public static AwsException InvalidValue(string message) => new(400, "InvalidParameterValue", message);

    public static AwsException InvalidValue(string path, object? value) =>
        new(400, "InvalidParameterValue", $"The value {value} for parameter {path} is invalid.");

    public static AwsException Combination(string message) => new(400, "InvalidParameterCombination", message);

    public static AwsException Missing(string path) => new(400, "MissingParameter", $"The parameter {path} is required.");

    public static AwsException NotFound(string message) => new(404, "ResourceNotFound", message);

    public static AwsException InvalidNextToken() => new(400, "InvalidNextToken", "The NextToken does not come from a previous answer to the same request.");

    public static AwsException InvalidFormat(string message) => new(400, "InvalidFormat", message);

    public static AwsException InvalidAction(string action) =>
        new(400, "InvalidAction", $"The action {action} is not valid for this web service (Gatehouse serves PutMetricData, GetMetricStatistics, " +
            "GetMetricData, ListMetrics, PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState, DescribeAlarmHistory, " +
            "EnableAlarmActions and DisableAlarmActions).");

    /// <summary>A member Gatehouse reads but whose feature it does not have yet: refused, never silently ignored.</summary>
    public static AwsException Unsupported(string path, string what) =>
        new(400, "InvalidParameterValue", $"The parameter {path} is not supported by Gatehouse yet: {what}.");
}
