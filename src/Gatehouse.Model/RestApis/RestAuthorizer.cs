namespace Gatehouse.Model.RestApis;

/// <summary>A TOKEN or REQUEST Lambda authorizer, or a COGNITO_USER_POOLS authorizer.</summary>
public sealed record RestAuthorizer
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public IReadOnlyList<string>? ProviderARNs { get; init; }
    public string? AuthType { get; init; }
    public string? AuthorizerUri { get; init; }
    public string? AuthorizerCredentials { get; init; }
    public string? IdentitySource { get; init; }
    public string? IdentityValidationExpression { get; init; }
    public int? AuthorizerResultTtlInSeconds { get; init; }
}
