namespace Gatehouse.Model.RestApis;

/// <summary>A REST API (apigateway v1) as botocore's <c>RestApi</c> shape names its members.</summary>
public sealed record RestApi
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string>? BinaryMediaTypes { get; init; }
    public int? MinimumCompressionSize { get; init; }
    public string ApiKeySource { get; init; } = "HEADER";
    public required EndpointConfiguration EndpointConfiguration { get; init; }
    public string? Policy { get; init; }
    public bool DisableExecuteApiEndpoint { get; init; }
    public required string RootResourceId { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record EndpointConfiguration
{
    public IReadOnlyList<string> Types { get; init; } = ["EDGE"];
    public string? IpAddressType { get; init; } = "ipv4";
    public IReadOnlyList<string>? VpcEndpointIds { get; init; }
}
