namespace Gatehouse.Model.HttpApis;

public sealed record Deployment
{
    public required string DeploymentId { get; init; }
    public bool? AutoDeployed { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public string? DeploymentStatus { get; init; }
    public string? DeploymentStatusMessage { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// What a deployment freezes: the API's routes, integrations, authorizers and CORS configuration at the moment it was made.
/// Stages point at a deployment; the data plane compiles a snapshot once into a route table.
/// </summary>
public sealed record DeploymentSnapshot
{
    public required string DeploymentId { get; init; }
    public Cors? CorsConfiguration { get; init; }
    public bool DisableExecuteApiEndpoint { get; init; }
    public required IReadOnlyList<Route> Routes { get; init; }
    public required IReadOnlyList<Integration> Integrations { get; init; }

    /// <summary>The authorizers the routes name by id; empty in snapshots stored before authorizers existed.</summary>
    public IReadOnlyList<Authorizer> Authorizers { get; init; } = [];
}
