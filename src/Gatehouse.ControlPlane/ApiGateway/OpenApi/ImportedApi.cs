using System.Text.Json.Nodes;
using Gatehouse.Model.RestApis;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// What an OpenAPI definition says about a REST API, before ids are drawn: methods name their authorizer and request
/// validator by name, models keep local references. <see cref="ImportApplier"/> turns it into a document.
/// </summary>
internal sealed record ImportedApi
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? Version { get; init; }
    public IReadOnlyList<string>? BinaryMediaTypes { get; init; }
    public string? ApiKeySource { get; init; }
    public string? Policy { get; init; }
    public int? MinimumCompressionSize { get; init; }
    public IReadOnlyList<string>? EndpointTypes { get; init; }
    public bool? DisableExecuteApiEndpoint { get; init; }
    public IReadOnlyList<ImportedPath> Paths { get; init; } = [];
    public IReadOnlyList<ImportedModel> Models { get; init; } = [];
    public IReadOnlyList<RequestValidator> RequestValidators { get; init; } = [];
    public IReadOnlyList<RestAuthorizer> Authorizers { get; init; } = [];
    public IReadOnlyList<RestGatewayResponse> GatewayResponses { get; init; } = [];
}

/// <summary>A path of the definition (base path applied) with its methods by verb.</summary>
internal sealed record ImportedPath(string Path, IReadOnlyDictionary<string, ImportedMethod> Methods);

/// <summary>A method whose <see cref="AuthorizerName"/> and <see cref="ValidatorName"/> are resolved to ids when applied.</summary>
internal sealed record ImportedMethod(RestMethod Method, string? AuthorizerName, string? ValidatorName);

/// <summary>A model with its schema as written (references to <c>#/definitions/X</c> or <c>#/components/schemas/X</c>).</summary>
internal sealed record ImportedModel(string Name, JsonNode Schema, string? Description);
