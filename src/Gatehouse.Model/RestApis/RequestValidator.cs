namespace Gatehouse.Model.RestApis;

public sealed record RequestValidator
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public bool ValidateRequestBody { get; init; }
    public bool ValidateRequestParameters { get; init; }
}
