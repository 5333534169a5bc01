namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// The execution log's line for a request the gateway answered with a gateway response (AWS recorded:
/// <c>Execution failed due to configuration error: Invalid endpoint address</c>, then the status line).
/// </summary>
internal static class TestInvokeFailure
{
    public static string Describe(RequestContext context, RestGatewayError error, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        return error.Type switch
        {
            "BAD_REQUEST_BODY" => $"Request body does not match model schema for content type {contentType ?? "application/json"}: {context.ValidationErrors}",
            "BAD_REQUEST_PARAMETERS" => "Request validation failed: " + error.Message,
            "INTEGRATION_TIMEOUT" => "Execution failed due to a timeout error",
            _ when context.IntegrationError is { } reason => reason.StartsWith("Execution failed", StringComparison.Ordinal)
                ? reason
                : "Execution failed due to configuration error: " + reason,
            _ => $"Execution failed due to configuration error: {error.Message} ({error.Type})",
        };
    }
}
