namespace Gatehouse.ControlPlane;

/// <summary>An error the control plane answers with AWS's shape: status, <c>x-amzn-ErrorType</c> and <c>{"message": ...}</c>.</summary>
public sealed class AwsException(int statusCode, string errorType, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string ErrorType { get; } = errorType;

    /// <summary>When set, sent as the <c>Retry-After</c> header (throttling answers).</summary>
    public string? RetryAfterSeconds { get; init; }

    public static AwsException BadRequest(string message) => new(400, "BadRequestException", message);

    public static AwsException NotFound(string message) => new(404, "NotFoundException", message);

    public static AwsException Conflict(string message) => new(409, "ConflictException", message);

    public static AwsException TooManyRequests(string message) => new(429, "TooManyRequestsException", message);
}
