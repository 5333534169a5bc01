using System.Text;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// An answer a REST API's gateway makes itself: its gateway response type, its status, its message
/// (<c>$context.error.message</c>), the <c>x-amzn-ErrorType</c> AWS sends with it, and the body AWS sends when the API
/// has not customised the type (facts §13.2; AWS-recorded responses). The API's customisations are applied by
/// <see cref="RestGatewayResponses"/>.
/// </summary>
public sealed class RestGatewayError
{
    /// <param name="message">The error's message; null for an error whose message AWS renders as <c>null</c>.</param>
    private RestGatewayError(string type, int statusCode, string? message, string? errorType, string? defaultBody = null)
    {
        Type = type;
        StatusCode = statusCode;
        Message = message ?? "";
        MessageString = message is null ? "null" : System.Text.Json.JsonSerializer.Serialize(message);
        ErrorType = errorType;
        DefaultBody = Encoding.UTF8.GetBytes(defaultBody ?? $"{{\"message\":\"{message}\"}}");
    }

    /// <summary>No resource or no method for the request (also a wrong method): 403, not 404 (facts §3.2, AWS-recorded).</summary>
    public static RestGatewayError MissingAuthenticationToken { get; } =
        new("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException");

    public static RestGatewayError Throttled { get; } = new("THROTTLED", 429, "Too Many Requests", "TooManyRequestsException");

    /// <summary>A request body beyond 10 MB: plain text, and not customisable (facts §13.2).</summary>
    public static RestGatewayError RequestTooLarge { get; } = new("REQUEST_TOO_LARGE", 413, "HTTP content length exceeded 10485760 bytes.", null,
        "HTTP content length exceeded 10485760 bytes.");

    /// <summary>An event beyond Lambda's 6 MB.</summary>
    public static RestGatewayError LambdaRequestTooLong { get; } = new("REQUEST_TOO_LARGE", 413, "Request Too Long", "BadRequestException",
        "{\"message\": \"Request Too Long\"}");

    public static RestGatewayError BadRequestBody { get; } = new("BAD_REQUEST_BODY", 400, "Invalid request body", "BadRequestException",
        "{\"message\": \"Invalid request body\"}");

    /// <summary>A Lambda proxy function that failed or answered something that is not a proxy response: 502 (facts §4.4).</summary>
    public static RestGatewayError IntegrationFailure { get; } = new("INTEGRATION_FAILURE", 502, "Internal server error", "InternalServerErrorException",
        "{\"message\": \"Internal server error\"}");

    public static RestGatewayError IntegrationTimeout { get; } = new("INTEGRATION_TIMEOUT", 504, "Endpoint request timed out", "InternalServerErrorException",
        "{\"message\": \"Endpoint request timed out\"}");

    /// <summary>A configuration the gateway cannot run (an unreachable endpoint, a function Lambda refuses to invoke...): 500.</summary>
    public static RestGatewayError ApiConfigurationError { get; } = new("API_CONFIGURATION_ERROR", 500, "Internal server error", "InternalServerErrorException",
        "{\"message\": \"Internal server error\"}");

    /// <summary>What this gateway cannot serve yet (integration types and authorizers built elsewhere): AWS's generic 5XX.</summary>
    public static RestGatewayError Default5xx { get; } = new("DEFAULT_5XX", 500, "Internal server error", "InternalServerErrorException",
        "{\"message\": \"Internal server error\"}");

    /// <summary>
    /// An AWS_IAM refusal (facts §13.2), with the verifier's text as AWS writes it: no signature at all is
    /// MISSING_AUTHENTICATION_TOKEN; a policy that does not allow the call ACCESS_DENIED (<c>{"Message": ...}</c>);
    /// an expired token EXPIRED_TOKEN; any other signature problem INVALID_SIGNATURE.
    /// </summary>
    public static RestGatewayError Iam(string? errorType, string message, ReadOnlyMemory<byte> body)
    {
        if (errorType == "MissingAuthenticationTokenException")
        {
            return MissingAuthenticationToken;
        }

        var type = errorType switch
        {
            "AccessDeniedException" => "ACCESS_DENIED",
            "ExpiredTokenException" => "EXPIRED_TOKEN",
            _ => "INVALID_SIGNATURE",
        };
        return new(type, 403, message, errorType, Encoding.UTF8.GetString(body.Span));
    }

    /// <summary>
    /// An authorizer's refusal: a missing identity source or one its validation expression rejects, a Lambda
    /// authorizer that answered <c>Unauthorized</c>, an invalid Cognito token (facts §7.3, §7.4).
    /// </summary>
    public static RestGatewayError Unauthorized { get; } = new("UNAUTHORIZED", 401, "Unauthorized", "UnauthorizedException");

    /// <summary>
    /// A Lambda authorizer that failed, timed out or answered something that is not a policy: 500 with a null message
    /// (facts §7.3).
    /// </summary>
    public static RestGatewayError AuthorizerConfigurationError { get; } = new("AUTHORIZER_CONFIGURATION_ERROR", 500, null, "AuthorizerConfigurationException",
        "{\"message\": null}");

    /// <summary>A Lambda authorizer's policy that does not allow the method: AWS's texts, with a capital <c>Message</c> (facts §7.3).</summary>
    public static RestGatewayError AuthorizerDenied { get; } = PolicyDenial("User is not authorized to access this resource");

    /// <summary>The same for a policy that denies the method explicitly.</summary>
    public static RestGatewayError AuthorizerDeniedExplicitly { get; } = PolicyDenial("User is not authorized to access this resource with an explicit deny");

    /// <summary>The body as AWS writes its integration errors' defaults: <c>{"message": "..."}</c>, with a space.</summary>
    private static string SpacedBody(string message) => "{\"message\": " + System.Text.Json.JsonSerializer.Serialize(message) + "}";

    private static RestGatewayError PolicyDenial(string message) =>
        new("ACCESS_DENIED", 403, message, "AccessDeniedException", "{\"Message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}");

    /// <summary>
    /// The gateway error for a non-proxy integration's failure: the type's own answer where this class has one, else
    /// one of that type with the failure's status and message.
    /// </summary>
    public static RestGatewayError ForIntegration(Mapping.RestIntegrationFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.ResponseType switch
        {
            "INTEGRATION_TIMEOUT" => IntegrationTimeout,
            "API_CONFIGURATION_ERROR" => ApiConfigurationError,
            "UNSUPPORTED_MEDIA_TYPE" => new(failure.ResponseType, failure.StatusCode, failure.Message, "UnsupportedMediaTypeException"),
            "REQUEST_TOO_LARGE" => LambdaRequestTooLong,
            "BAD_REQUEST_BODY" => new(failure.ResponseType, failure.StatusCode, failure.Message, "BadRequestException", SpacedBody(failure.Message)),
            _ => new(failure.ResponseType, failure.StatusCode, failure.Message, "InternalServerErrorException", SpacedBody(failure.Message)),
        };
    }

    /// <summary>A method that requires an API key, without a valid one (facts §7.5).</summary>
    public static RestGatewayError InvalidApiKey { get; } = new("INVALID_API_KEY", 403, "Forbidden", "ForbiddenException");

    /// <summary>Required request parameters missing: the message names them (AWS-recorded: <c>Missing required request parameters: [a, b]</c>).</summary>
    public static RestGatewayError BadRequestParameters(string names)
    {
        var message = $"Missing required request parameters: [{names}]";
        return new("BAD_REQUEST_PARAMETERS", 400, message, "BadRequestException",
            "{\"message\": " + System.Text.Json.JsonSerializer.Serialize(message) + "}");
    }

    /// <summary>The same type and status with a message of the request's own (IAM's texts).</summary>
    public RestGatewayError WithMessage(string message, string? errorType = null) =>
        new(Type, StatusCode, message, errorType ?? ErrorType, "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}");

    /// <summary>AWS's response type: <c>$context.error.responseType</c>.</summary>
    public string Type { get; }

    public int StatusCode { get; }

    /// <summary><c>$context.error.message</c>.</summary>
    public string Message { get; }

    /// <summary>
    /// <c>$context.error.messageString</c>: the message as a JSON string, or <c>null</c> for an error AWS gives no
    /// message (AUTHORIZER_CONFIGURATION_ERROR, whose default body is <c>{"message": null}</c>).
    /// </summary>
    public string MessageString { get; }

    /// <summary>The <c>x-amzn-ErrorType</c> header; null when AWS sends none.</summary>
    public string? ErrorType { get; }

    /// <summary>The body when the API has not customised this type (nor its DEFAULT_4XX/5XX).</summary>
    public ReadOnlyMemory<byte> DefaultBody { get; }

    /// <summary>Whether the API may customise this answer (AWS does not let REQUEST_TOO_LARGE's 10 MB text be changed).</summary>
    public bool IsCustomisable => !ReferenceEquals(this, RequestTooLarge);

    /// <summary>The content type of <see cref="DefaultBody"/>.</summary>
    public string DefaultContentType => IsCustomisable ? "application/json" : "text; charset=utf-8";
}
