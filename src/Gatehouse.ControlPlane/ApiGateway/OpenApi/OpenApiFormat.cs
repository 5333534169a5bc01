namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>The two OpenAPI versions API Gateway imports and exports.</summary>
internal enum OpenApiFormat
{
    /// <summary>Swagger 2.0 (export type <c>swagger</c>).</summary>
    Swagger2,

    /// <summary>OpenAPI 3.0.1 (export type <c>oas30</c>).</summary>
    OpenApi3,
}
