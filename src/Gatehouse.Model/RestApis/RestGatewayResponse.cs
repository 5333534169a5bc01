namespace Gatehouse.Model.RestApis;

/// <summary>A gateway response: AWS's default for its type, or the API's customisation of it.</summary>
public sealed record RestGatewayResponse
{
    public required string ResponseType { get; init; }
    public string? StatusCode { get; init; }
    public IReadOnlyDictionary<string, string>? ResponseParameters { get; init; }
    public IReadOnlyDictionary<string, string>? ResponseTemplates { get; init; }
    public bool DefaultResponse { get; init; }
}
