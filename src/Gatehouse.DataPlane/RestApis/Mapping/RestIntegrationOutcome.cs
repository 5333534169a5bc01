namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// What a non-proxy integration produced: the method response to send, or a failure the handler answers with the
/// API's gateway response of <see cref="RestIntegrationFailure.ResponseType"/>; and, either way, what the access log
/// records of the integration (<c>$context.integration.*</c>).
/// </summary>
public sealed record RestIntegrationOutcome
{
    public RestMethodResponse? Response { get; init; }

    public RestIntegrationFailure? Failure { get; init; }

    /// <summary><c>$context.integration.integrationStatus</c>: the backend's status (HTTP) or Lambda's (AWS).</summary>
    public int? IntegrationStatus { get; init; }

    /// <summary><c>$context.integration.error</c>: why the integration failed, if it did.</summary>
    public string? IntegrationError { get; init; }

    /// <summary><c>$context.integration.latency</c>; null when no backend was called (MOCK, or refused before).</summary>
    public TimeSpan? IntegrationLatency { get; init; }

    /// <summary><c>$context.integration.requestId</c>: the Lambda request id.</summary>
    public string? IntegrationRequestId { get; init; }

    public static RestIntegrationOutcome Failed(RestIntegrationFailure failure) => new() { Failure = failure };
}

/// <summary>The method response: status, headers (mapped, then overridden), body and its Content-Type.</summary>
public sealed record RestMethodResponse
{
    public required int StatusCode { get; init; }

    /// <summary>The headers the response parameters and <c>$context.responseOverride.header</c> set (not
    /// Content-Type, which is <see cref="ContentType"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    public required string ContentType { get; init; }
}

/// <summary>
/// A failure the handler answers with a gateway response: its type (e.g. <c>INTEGRATION_TIMEOUT</c>), the status AWS
/// answers when the API does not customise that type, and <c>$context.error.message</c>.
/// </summary>
public sealed record RestIntegrationFailure(string ResponseType, int StatusCode, string Message)
{
    private const string InternalServerError = "Internal server error";

    /// <summary>No request template for the Content-Type and passthrough refused: 415 (integration-passthrough-behaviors).</summary>
    public static RestIntegrationFailure UnsupportedMediaType { get; } = new("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type");

    /// <summary>The backend did not answer within <c>timeoutInMillis</c>: 504 (facts §13.2).</summary>
    public static RestIntegrationFailure Timeout { get; } = new("INTEGRATION_TIMEOUT", 504, "Endpoint request timed out");

    /// <summary>A template that fails to parse or render, no integration response for the answer, a body that is
    /// not base64 when converted to binary, an integration URI that resolves to nothing: 500
    /// (supported-gateway-response-types, API_CONFIGURATION_ERROR).</summary>
    public static RestIntegrationFailure ConfigurationError { get; } = new("API_CONFIGURATION_ERROR", 500, InternalServerError);

    /// <summary>The backend could not be reached or Lambda refused the invocation: 500 <c>Internal server error</c>.</summary>
    public static RestIntegrationFailure IntegrationFailure { get; } = new("INTEGRATION_FAILURE", 500, InternalServerError);

    /// <summary>A body mapping (<c>method.request.body.x</c>) over a body that is not JSON: 400.</summary>
    public static RestIntegrationFailure InvalidJsonBody { get; } = new("BAD_REQUEST_BODY", 400, "Invalid JSON in request body");

    /// <summary>The event is over Lambda's 6 MB: 413 <c>Request Too Long</c> (facts §13.2).</summary>
    public static RestIntegrationFailure RequestTooLarge { get; } = new("REQUEST_TOO_LARGE", 413, "Request Too Long");
}
