namespace Gatehouse.ControlPlane.Sns;

/// <summary>
/// SNS's errors as its query API answers them. SNS names one parameter per error (<c>Invalid parameter: TopicArn</c>),
/// so validation stops at the first problem, as on AWS.
/// </summary>
internal static class SnsErrors
{
    public static AwsException InvalidParameter(string text) => new(400, "InvalidParameter", "Invalid parameter: " + text);

    /// <summary>A required member the request lacks, worded as SNS words it.</summary>
    public static AwsException Missing(string parameter) => InvalidParameter($"{parameter} Reason: no value for required parameter");

    public static AwsException TopicNotFound() => new(404, "NotFound", "Topic does not exist");

    /// <summary>An AWS feature Gatehouse refuses rather than accept and ignore.</summary>
    public static AwsException NotSupported(string parameter, string what) => InvalidParameter($"{parameter} Reason: Gatehouse does not support {what} yet");

    public static AwsException InvalidAction(string action, string? version) =>
        new(400, "InvalidAction", $"Could not find operation {action} for version {version ?? "NO_VERSION_SPECIFIED"}");
}
