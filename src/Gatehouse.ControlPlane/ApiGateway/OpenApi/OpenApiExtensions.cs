namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>The names of API Gateway's OpenAPI extensions (the developer guide's "OpenAPI extensions" pages).</summary>
internal static class OpenApiExtensions
{
    public const string Integration = "x-amazon-apigateway-integration";
    public const string AnyMethod = "x-amazon-apigateway-any-method";
    public const string Authorizer = "x-amazon-apigateway-authorizer";
    public const string AuthType = "x-amazon-apigateway-authtype";
    public const string Auth = "x-amazon-apigateway-auth";
    public const string ApiKeySource = "x-amazon-apigateway-api-key-source";
    public const string BinaryMediaTypes = "x-amazon-apigateway-binary-media-types";
    public const string MinimumCompressionSize = "x-amazon-apigateway-minimum-compression-size";
    public const string Policy = "x-amazon-apigateway-policy";
    public const string EndpointConfiguration = "x-amazon-apigateway-endpoint-configuration";
    public const string GatewayResponses = "x-amazon-apigateway-gateway-responses";
    public const string RequestValidators = "x-amazon-apigateway-request-validators";
    public const string RequestValidator = "x-amazon-apigateway-request-validator";
    public const string Documentation = "x-amazon-apigateway-documentation";

    /// <summary>The OpenAPI operation keys API Gateway reads, with the method each becomes.</summary>
    public static readonly (string Key, string Method)[] Operations =
    [
        ("get", "GET"), ("put", "PUT"), ("post", "POST"), ("delete", "DELETE"), ("options", "OPTIONS"),
        ("head", "HEAD"), ("patch", "PATCH"), (AnyMethod, "ANY"),
    ];

    /// <summary>The model a local reference names: <c>#/definitions/X</c> (Swagger) or <c>#/components/schemas/X</c>.</summary>
    public static string? ModelName(string? reference) => reference switch
    {
        null => null,
        _ when reference.StartsWith("#/definitions/", StringComparison.Ordinal) => reference["#/definitions/".Length..],
        _ when reference.StartsWith("#/components/schemas/", StringComparison.Ordinal) => reference["#/components/schemas/".Length..],
        _ => null,
    };

    public static string ModelReference(OpenApiFormat format, string name) =>
        format == OpenApiFormat.Swagger2 ? "#/definitions/" + name : "#/components/schemas/" + name;
}
