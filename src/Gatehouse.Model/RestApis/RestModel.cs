namespace Gatehouse.Model.RestApis;

/// <summary>A data model (a JSON Schema draft 4 document) for request and response bodies.</summary>
public sealed record RestModel
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Schema { get; init; }
    public required string ContentType { get; init; }
}
