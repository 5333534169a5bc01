namespace Gatehouse.Model.HttpApis;

public sealed record Route
{
    public required string RouteId { get; init; }
    public required string RouteKey { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public bool? ApiKeyRequired { get; init; }
    public IReadOnlyList<string>? AuthorizationScopes { get; init; }
    public string? AuthorizationType { get; init; }
    public string? AuthorizerId { get; init; }
    public string? ModelSelectionExpression { get; init; }
    public string? OperationName { get; init; }
    public IReadOnlyDictionary<string, string>? RequestModels { get; init; }
    public IReadOnlyDictionary<string, ParameterConstraints>? RequestParameters { get; init; }
    public string? RouteResponseSelectionExpression { get; init; }
    public string? Target { get; init; }
}

public sealed record ParameterConstraints
{
    public bool? Required { get; init; }
}
