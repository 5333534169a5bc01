using System.Text.Json.Serialization;

namespace Gatehouse.Model.RestApis;

/// <summary>
/// One REST API and everything that belongs to it: the unit the config store reads and writes in one transaction.
/// Deployment snapshots are stored beside it and referenced by deployment id.
/// </summary>
public sealed record RestApiDocument
{
    public required RestApi RestApi { get; init; }

    /// <summary>The resource tree, flat, root first; each resource holds its methods.</summary>
    public IReadOnlyList<RestResource> Resources { get; init; } = [];

    public IReadOnlyList<RestModel> Models { get; init; } = [];
    public IReadOnlyList<RequestValidator> RequestValidators { get; init; } = [];
    public IReadOnlyList<RestAuthorizer> Authorizers { get; init; } = [];

    /// <summary>Only the customised responses; the other types answer with AWS's defaults.</summary>
    public IReadOnlyList<RestGatewayResponse> GatewayResponses { get; init; } = [];

    public IReadOnlyList<RestStage> Stages { get; init; } = [];
    public IReadOnlyList<RestDeployment> Deployments { get; init; } = [];

    /// <summary>Optimistic-concurrency version; the store increments it on every write.</summary>
    public long Version { get; init; }

    [JsonIgnore]
    public string ApiId => RestApi.Id;

    public RestResource? FindResource(string id) => Resources.FirstOrDefault(r => r.Id == id);

    public RestStage? FindStage(string name) => Stages.FirstOrDefault(s => s.StageName == name);

    public RestDeployment? FindDeployment(string id) => Deployments.FirstOrDefault(d => d.Id == id);

    /// <summary>The full path of a resource: <c>/</c> for the root, else its ancestors' path parts joined.</summary>
    public string PathOf(RestResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var parts = new List<string>();
        for (var current = resource; current?.ParentId is { } parentId; current = FindResource(parentId))
        {
            parts.Add(current.PathPart ?? "");
            if (parts.Count > Resources.Count)
            {
                break; // a cycle cannot be stored, but never loop on one
            }
        }

        parts.Reverse();
        return "/" + string.Join('/', parts);
    }

    /// <summary>The gateway response of a type: the API's customisation, else AWS's default.</summary>
    public RestGatewayResponse GatewayResponse(string type) =>
        GatewayResponses.FirstOrDefault(r => r.ResponseType == type) ?? GatewayResponseTypes.Default(type);

    /// <summary>Freezes what a stage serves under a deployment id.</summary>
    public RestDeploymentSnapshot Snapshot(string deploymentId) => new()
    {
        DeploymentId = deploymentId,
        ApiKeySource = RestApi.ApiKeySource,
        BinaryMediaTypes = RestApi.BinaryMediaTypes ?? [],
        MinimumCompressionSize = RestApi.MinimumCompressionSize,
        DisableExecuteApiEndpoint = RestApi.DisableExecuteApiEndpoint,
        Policy = RestApi.Policy,
        Resources = [.. Resources.Select(r => r with { Path = PathOf(r) })],
        Models = Models,
        RequestValidators = RequestValidators,
        Authorizers = Authorizers,
        GatewayResponses = [.. GatewayResponseTypes.All.Select(t => GatewayResponse(t.Type))],
    };
}

/// <summary>
/// What a REST API deployment freezes, as AWS does (a REST API serves nothing until deployed): its resources with
/// their paths, methods and integrations, models, validators, authorizers, every gateway response (defaults
/// included) and the API settings the data plane needs.
/// </summary>
public sealed record RestDeploymentSnapshot
{
    public required string DeploymentId { get; init; }
    public string ApiKeySource { get; init; } = "HEADER";
    public IReadOnlyList<string> BinaryMediaTypes { get; init; } = [];
    public int? MinimumCompressionSize { get; init; }
    public bool DisableExecuteApiEndpoint { get; init; }
    public string? Policy { get; init; }
    public required IReadOnlyList<RestResource> Resources { get; init; }
    public IReadOnlyList<RestModel> Models { get; init; } = [];
    public IReadOnlyList<RequestValidator> RequestValidators { get; init; } = [];
    public IReadOnlyList<RestAuthorizer> Authorizers { get; init; } = [];
    public IReadOnlyList<RestGatewayResponse> GatewayResponses { get; init; } = [];
}
