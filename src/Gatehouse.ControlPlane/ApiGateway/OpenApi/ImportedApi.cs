using System.Text.Json.Nodes;
using Gatehouse.Model.RestApis;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// What an OpenAPI definition says about a REST API, before ids are drawn: methods name their authorizer and request
/// validator by name, models keep local references. <see cref="ImportApplier"/> turns it into a document.
/// </summary>
public sealed record ImportedApi
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
public sealed record ImportedPath(string Path, IReadOnlyDictionary<string, ImportedMethod> Methods);

/// <summary>A method whose <see cref="AuthorizerName"/> and <see cref="ValidatorName"/> are resolved to ids when applied.</summary>
public sealed record ImportedMethod(RestMethod Method, string? AuthorizerName, string? ValidatorName);

/// <summary>A model with its schema as written (references to <c>#/definitions/X</c> or <c>#/components/schemas/X</c>).</summary>
public sealed record ImportedModel(string Name, JsonNode Schema, string? Description);

/// <summary>The reader's answer: the API when the definition could be read, and every error and warning found.</summary>
public sealed record ImportReadResult(ImportedApi? Api, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>ImportRestApi's and PutRestApi's query parameters.</summary>
public sealed record ImportOptions
{
    /// <summary><c>ignore</c> (the default), <c>prepend</c> or <c>split</c>.</summary>
    public string BasePath { get; init; } = "ignore";

    public bool FailOnWarnings { get; init; }

    /// <summary><c>ignore=documentation</c>: documentation parts are left out.</summary>
    public bool IgnoreDocumentation { get; init; }

    /// <summary><c>endpointConfigurationTypes</c>: the endpoint type of a new API.</summary>
    public string? EndpointConfigurationType { get; init; }
}
