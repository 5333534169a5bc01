namespace Gatehouse.ControlPlane.Lambda;

/// <summary>Lambda's errors, with the status, type and body member names of botocore's lambda model.</summary>
internal static class LambdaErrors
{
    public const string UpdateInProgressPrefix = "The operation cannot be performed at this time.";

    public static AwsException NotFound(string message) =>
        new(404, "ResourceNotFoundException", message) { Type = "User", MessageMember = "Message" };

    public static AwsException FunctionNotFound(string arn) => NotFound($"Function not found: {arn}");

    public static AwsException Conflict(string message) =>
        new(409, "ResourceConflictException", message) { Type = "User" };

    public static AwsException InvalidParameter(string message) =>
        new(400, "InvalidParameterValueException", message) { Type = "User" };

    public static AwsException PreconditionFailed() =>
        new(412, "PreconditionFailedException",
            "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
        { Type = "User" };

    /// <summary>Constraint violations of the model, reported by Lambda's front end (no <c>Type</c>).</summary>
    public static AwsException Validation(IReadOnlyList<string> errors) =>
        new(400, "ValidationException",
            $"{errors.Count} validation error{(errors.Count == 1 ? "" : "s")} detected: {string.Join("; ", errors)}");

    /// <summary>A request over a size limit, as Lambda's front end answers it (<c>{"Message": ...}</c>, no <c>Type</c>).</summary>
    public static AwsException RequestTooLarge(long limit, string operation) =>
        new(413, "RequestEntityTooLargeException", $"Request must be smaller than {limit} bytes for the {operation} operation")
        {
            MessageMember = "Message",
        };

    public static AwsException InvalidRequestContent(string message) =>
        new(400, "InvalidRequestContentException", message) { Type = "User" };

    public static AwsException TooManyRequests(string message, string? reason) =>
        new(429, "TooManyRequestsException", message) { Type = "User", Reason = reason, RetryAfterSeconds = "1" };

    public static AwsException Service(string message) =>
        new(500, "ServiceException", message) { Type = "Service", MessageMember = "Message" };

    /// <summary>A function whose state does not allow the operation (Pending while created, Failed).</summary>
    public static AwsException NotInState(string state) =>
        Conflict($"{UpdateInProgressPrefix} The function is currently in the following state: {state}");

    /// <summary>A change while the last update is still being applied.</summary>
    public static AwsException UpdateInProgress(string arn) =>
        Conflict($"{UpdateInProgressPrefix} An update is in progress for resource: {arn}");

    /// <summary>A setting Lambda has and Gatehouse does not honour yet: refused rather than stored and ignored.</summary>
    public static AwsException NotSupported(string what) =>
        InvalidParameter($"{what} is not supported by Gatehouse yet.");
}
