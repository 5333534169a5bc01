namespace Gatehouse.ControlPlane;

/// <summary>
/// An error the control plane answers with AWS's shape: status, <c>x-amzn-ErrorType</c> and <c>{"message": ...}</c>
/// (Lambda's errors add <c>"Type"</c> and, for some shapes, spell the member <c>"Message"</c>).
/// </summary>
public sealed class AwsException(int statusCode, string errorType, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string ErrorType { get; } = errorType;

    /// <summary>When set, sent as the <c>Retry-After</c> header (throttling answers).</summary>
    public string? RetryAfterSeconds { get; init; }

    /// <summary>Lambda's <c>"Type"</c> member: <c>User</c> for the caller's mistakes, <c>Service</c> for Lambda's own.</summary>
    public string? Type { get; init; }

    /// <summary>The name of the message member in the body: botocore's shapes say <c>message</c> or <c>Message</c>.</summary>
    public string MessageMember { get; init; } = "message";

    /// <summary>
    /// For a query-compatible awsJson service: the query protocol's error code (<c>InvalidParameterValue</c>) sent in
    /// <c>x-amzn-query-error</c>, when it differs from the error shape's name in <see cref="ErrorType"/>.
    /// </summary>
    public string? QueryErrorCode { get; init; }

    /// <summary>Lambda's throttling reason (<c>"Reason"</c> of TooManyRequestsException), if any.</summary>
    public string? Reason { get; init; }

    public static AwsException BadRequest(string message) => new(400, "BadRequestException", message);

    public static AwsException NotFound(string message) => new(404, "NotFoundException", message);

    public static AwsException Conflict(string message) => new(409, "ConflictException", message);

    public static AwsException TooManyRequests(string message) => new(429, "TooManyRequestsException", message);
}
