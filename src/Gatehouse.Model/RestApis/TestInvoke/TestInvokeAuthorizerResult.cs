namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>
/// TestInvokeAuthorizer's output: <c>clientStatus</c> (0 when the caller would have been let through, else the status
/// it would have got: 401, 403 or 500), the execution log, the latency in milliseconds, and what the authorizer
/// answered: a Lambda authorizer's <c>principalId</c>, policy (a JSON string) and context (<c>authorization</c>), a
/// Cognito user pool's token <c>claims</c>.
/// </summary>
public sealed record TestInvokeAuthorizerResult
{
    public required int ClientStatus { get; init; }

    public required string Log { get; init; }

    public long Latency { get; init; }

    public string? PrincipalId { get; init; }

    public string? Policy { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Authorization { get; init; }

    public IReadOnlyDictionary<string, string>? Claims { get; init; }
}
