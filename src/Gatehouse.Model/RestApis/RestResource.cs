using System.Text.Json.Serialization;

namespace Gatehouse.Model.RestApis;

/// <summary>
/// One node of a REST API's resource tree. The root has no parent and no path part. <see cref="Path"/> is computed
/// from the tree when the resource is answered and is not stored.
/// </summary>
public sealed record RestResource
{
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public string? PathPart { get; init; }
    public string? Path { get; init; }

    /// <summary>The methods by HTTP verb (or <c>ANY</c>).</summary>
    public IReadOnlyDictionary<string, RestMethod>? ResourceMethods { get; init; }

    /// <summary>True for a <c>{name}</c> or <c>{name+}</c> path part.</summary>
    [JsonIgnore]
    public bool IsVariable => PathPart is ['{', .., '}'];

    /// <summary>True for a greedy <c>{name+}</c> path part.</summary>
    [JsonIgnore]
    public bool IsGreedy => PathPart is ['{', .., '+', '}'];
}
