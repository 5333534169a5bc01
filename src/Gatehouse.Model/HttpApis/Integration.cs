namespace Gatehouse.Model.HttpApis;

public sealed record Integration
{
    public required string IntegrationId { get; init; }
    public required string IntegrationType { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public string? ConnectionId { get; init; }
    public string? ConnectionType { get; init; }
    public string? ContentHandlingStrategy { get; init; }
    public string? CredentialsArn { get; init; }
    public string? Description { get; init; }
    public string? IntegrationMethod { get; init; }
    public string? IntegrationResponseSelectionExpression { get; init; }
    public string? IntegrationSubtype { get; init; }
    public string? IntegrationUri { get; init; }
    public string? PassthroughBehavior { get; init; }
    public string? PayloadFormatVersion { get; init; }
    public IReadOnlyDictionary<string, string>? RequestParameters { get; init; }
    public IReadOnlyDictionary<string, string>? RequestTemplates { get; init; }
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ResponseParameters { get; init; }
    public string? TemplateSelectionExpression { get; init; }
    public int? TimeoutInMillis { get; init; }
    public TlsConfig? TlsConfig { get; init; }
}

public sealed record TlsConfig
{
    public string? ServerNameToVerify { get; init; }
}
