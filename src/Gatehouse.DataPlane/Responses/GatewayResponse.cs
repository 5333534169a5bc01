using System.Text;

namespace Gatehouse.DataPlane.Responses;

/// <summary>
/// The answers the gateway itself gives, with AWS's status and body for HTTP APIs. Every data-plane error goes
/// through one of these; the bodies are encoded once.
/// </summary>
public sealed class GatewayResponse
{
    private GatewayResponse(string type, int statusCode, string message)
    {
        Type = type;
        StatusCode = statusCode;
        Message = message;
        Body = Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}");
    }

    public static GatewayResponse NotFound { get; } = new("RESOURCE_NOT_FOUND", 404, "Not Found");

    /// <summary>A missing identity source, an invalid JWT, or a Lambda authorizer's <c>Unauthorized</c> error.</summary>
    public static GatewayResponse Unauthorized { get; } = new("UNAUTHORIZED", 401, "Unauthorized");

    public static GatewayResponse Forbidden { get; } = new("ACCESS_DENIED", 403, "Forbidden");

    public static GatewayResponse BadRequestParameters { get; } = new("BAD_REQUEST_PARAMETERS", 400, "Bad Request");

    /// <summary>A throttling limit (route, stage default or account) had no token for the request.</summary>
    public static GatewayResponse TooManyRequests { get; } = new("THROTTLED", 429, "Too Many Requests");

    public static GatewayResponse RequestTooLarge { get; } = new("REQUEST_TOO_LARGE", 413, "Request Entity Too Large");

    public static GatewayResponse InternalServerError { get; } = new("INTEGRATION_FAILURE", 500, "Internal Server Error");

    public static GatewayResponse BadGateway { get; } = new("INTEGRATION_FAILURE", 502, "Internal Server Error");

    public static GatewayResponse ServiceUnavailable { get; } = new("INTEGRATION_FAILURE", 503, "Service Unavailable");

    public static GatewayResponse IntegrationTimeout { get; } = new("INTEGRATION_TIMEOUT", 504, "Gateway Timeout");

    /// <summary>
    /// A Lambda integration that outlives <c>timeoutInMillis</c>: HTTP APIs answer 503 Service Unavailable
    /// (facts §13.3, community-observed; serverless/serverless#11222).
    /// </summary>
    public static GatewayResponse LambdaIntegrationTimeout { get; } = new("INTEGRATION_TIMEOUT", 503, "Service Unavailable");

    /// <summary>AWS's response type name, as <c>$context.error.responseType</c> reports it.</summary>
    public string Type { get; }

    public int StatusCode { get; }

    /// <summary>The message of the body: <c>$context.error.message</c>.</summary>
    public string Message { get; }

    public ReadOnlyMemory<byte> Body { get; }
}
