namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>CloudWatch Logs' errors, with the codes and messages AWS answers (every one of them status 400).</summary>
internal static class LogsErrors
{
    public static AwsException InvalidParameter(string message) => new(400, "InvalidParameterException", message);

    public static AwsException GroupNotFound() => new(400, "ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsException StreamNotFound() => new(400, "ResourceNotFoundException", "The specified log stream does not exist.");

    public static AwsException GroupExists() => new(400, "ResourceAlreadyExistsException", "The specified log group already exists");

    public static AwsException StreamExists() => new(400, "ResourceAlreadyExistsException", "The specified log stream already exists");

    public static AwsException InvalidToken() => InvalidParameter("The specified nextToken is invalid.");

    public static AwsException InvalidFilterPattern() => InvalidParameter("Invalid filter pattern");

    public static AwsException NotSupported(string member) =>
        InvalidParameter($"Gatehouse does not support {member} in CloudWatch Logs yet.");

    public static AwsException UnknownOperation(string operation) =>
        new(400, "UnknownOperationException", $"Gatehouse does not support the CloudWatch Logs operation {operation} yet.");
}
