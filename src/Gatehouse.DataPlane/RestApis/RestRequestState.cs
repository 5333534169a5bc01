namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// What the REST pipeline learns beside <see cref="RequestContext"/>: the stage and the method it matched, the path
/// below the stage and the resource's path parameters. A typed feature on the HttpContext.
/// </summary>
public sealed class RestRequestState
{
    public required CompiledRestStage Stage { get; init; }

    /// <summary>The path below the stage as the client sent it (percent-encoding kept).</summary>
    public required string Path { get; init; }

    public CompiledRestMethod? Method { get; set; }

    /// <summary>The resource's path parameters by name, as the client sent them (percent-encoding kept).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PathParameters { get; set; } = [];

    /// <summary>The execution log a test invocation collects; null on served requests, which collect none.</summary>
    public TestInvoke.RestExecutionLog? ExecutionLog { get; init; }

    public string? PathParameter(string name)
    {
        foreach (var (key, value) in PathParameters)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
