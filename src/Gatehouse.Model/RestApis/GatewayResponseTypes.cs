namespace Gatehouse.Model.RestApis;

/// <summary>Every gateway response type AWS defines, with its default status (none for the two defaults).</summary>
public static class GatewayResponseTypes
{
    public const string DefaultTemplate = "{\"message\":$context.error.messageString}";

    /// <summary>In the order AWS lists them (alphabetical).</summary>
    public static IReadOnlyList<(string Type, string? StatusCode)> All { get; } =
    [
        ("ACCESS_DENIED", "403"),
        ("API_CONFIGURATION_ERROR", "500"),
        ("AUTHORIZER_CONFIGURATION_ERROR", "500"),
        ("AUTHORIZER_FAILURE", "500"),
        ("BAD_REQUEST_BODY", "400"),
        ("BAD_REQUEST_PARAMETERS", "400"),
        ("DEFAULT_4XX", null),
        ("DEFAULT_5XX", null),
        ("EXPIRED_TOKEN", "403"),
        ("INTEGRATION_FAILURE", "504"),
        ("INTEGRATION_TIMEOUT", "504"),
        ("INVALID_API_KEY", "403"),
        ("INVALID_SIGNATURE", "403"),
        ("MISSING_AUTHENTICATION_TOKEN", "403"),
        ("QUOTA_EXCEEDED", "429"),
        ("REQUEST_TOO_LARGE", "413"),
        ("RESOURCE_NOT_FOUND", "404"),
        ("THROTTLED", "429"),
        ("UNAUTHORIZED", "401"),
        ("UNSUPPORTED_MEDIA_TYPE", "415"),
        ("WAF_FILTERED", "403"),
    ];

    /// <summary>The enum as AWS's validation message lists it.</summary>
    public const string EnumText =
        "[REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, " +
        "INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, " +
        "DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, " +
        "INTEGRATION_FAILURE, EXPIRED_TOKEN]";

    public static bool IsDefined(string type) => All.Any(t => t.Type == type);

    /// <summary>AWS's default response of a type.</summary>
    public static RestGatewayResponse Default(string type) => new()
    {
        ResponseType = type,
        StatusCode = All.First(t => t.Type == type).StatusCode,
        ResponseParameters = new Dictionary<string, string>(),
        ResponseTemplates = new Dictionary<string, string> { ["application/json"] = DefaultTemplate },
        DefaultResponse = true,
    };
}
