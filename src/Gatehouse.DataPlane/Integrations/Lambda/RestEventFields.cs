namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// What a REST API's AWS_PROXY event adds to payload format 1.0: the matched resource (its id and path), the stage's
/// deployment, the path below the stage as the client sent it (percent-encoding kept, as AWS delivers it) and the
/// resource's path parameters.
/// </summary>
public sealed record RestEventFields
{
    public required string ResourceId { get; init; }

    /// <summary>The resource's path: <c>resource</c> and <c>requestContext.resourcePath</c>.</summary>
    public required string ResourcePath { get; init; }

    public required string DeploymentId { get; init; }

    /// <summary>The path without the stage: <c>path</c> (<c>requestContext.path</c> is the whole path).</summary>
    public required string Path { get; init; }

    /// <summary>The resource's path parameters by name, as the client sent them; empty when it has none.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> PathParameters { get; init; }

    /// <summary>The stage's variables; <c>stageVariables</c> is null when there are none.</summary>
    public required IReadOnlyDictionary<string, string> StageVariables { get; init; }
}
