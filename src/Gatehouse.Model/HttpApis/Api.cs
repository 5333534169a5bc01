namespace Gatehouse.Model.HttpApis;

/// <summary>An apigatewayv2 API, with the members AWS returns (JSON names are the camelCase of these).</summary>
public sealed record Api
{
    public required string ApiId { get; init; }
    public required string Name { get; init; }
    public required string ProtocolType { get; init; }
    public string? ApiEndpoint { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public string? ApiKeySelectionExpression { get; init; }
    public Cors? CorsConfiguration { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public string? Description { get; init; }
    public bool? DisableSchemaValidation { get; init; }
    public bool? DisableExecuteApiEndpoint { get; init; }
    public IReadOnlyList<string>? ImportInfo { get; init; }
    public required string RouteSelectionExpression { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The CORS configuration of an HTTP API.</summary>
public sealed record Cors
{
    public bool? AllowCredentials { get; init; }
    public IReadOnlyList<string>? AllowHeaders { get; init; }
    public IReadOnlyList<string>? AllowMethods { get; init; }
    public IReadOnlyList<string>? AllowOrigins { get; init; }
    public IReadOnlyList<string>? ExposeHeaders { get; init; }
    public int? MaxAge { get; init; }
}
