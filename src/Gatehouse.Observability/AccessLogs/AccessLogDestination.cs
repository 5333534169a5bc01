namespace Gatehouse.Observability.AccessLogs;

/// <summary>The CloudWatch Logs log group an access log goes to, named by its ARN.</summary>
public static class AccessLogDestination
{
    /// <summary>
    /// Reads <c>arn:{partition}:logs:{region}:{account}:log-group:{name}</c> (with or without a trailing <c>:*</c>);
    /// false for any other ARN (Kinesis Data Firehose is a REST API destination, not an HTTP API one).
    /// </summary>
    public static bool TryParseLogGroup(string? arn, out string logGroupName)
    {
        logGroupName = "";
        if (arn is null)
        {
            return false;
        }

        var parts = arn.Split(':', 7);
        if (parts.Length != 7 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "logs" || parts[5] != "log-group")
        {
            return false;
        }

        var name = parts[6].EndsWith(":*", StringComparison.Ordinal) ? parts[6][..^2] : parts[6];
        if (name.Length is 0 or > 512 || name.Contains(':'))
        {
            return false;
        }

        logGroupName = name;
        return true;
    }
}
