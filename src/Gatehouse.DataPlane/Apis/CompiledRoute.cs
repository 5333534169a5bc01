using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Apis;

/// <summary>
/// A route as the data plane runs it: its key, where its path variables sit, its authorizer and its prepared integration.
/// </summary>
public sealed class CompiledRoute
{
    private readonly (int Index, string Name, bool Greedy)[] _variables;

    public CompiledRoute(RouteKey routeKey, CompiledIntegration? integration, IReadOnlyList<RequiredParameter> requiredParameters,
        RouteAuthorizer? authorizer = null)
    {
        Authorizer = authorizer;
        ArgumentNullException.ThrowIfNull(routeKey);
        RouteKey = routeKey;
        Integration = integration;
        RequiredParameters = requiredParameters;
        _variables = routeKey.Segments
            .Select((s, i) => (Index: i, Name: s.Value, Greedy: s.Kind == SegmentKind.Greedy, s.Kind))
            .Where(v => v.Kind != SegmentKind.Literal)
            .Select(v => (v.Index, v.Name, v.Greedy))
            .ToArray();
        VariableNames = [.. _variables.Select(v => v.Name)];
        // What Lambda's payload format 1.0 calls the route: "resource" and "requestContext.resourcePath".
        ResourcePath = routeKey.IsDefault ? RouteKey.DefaultKey : routeKey.Path;
    }

    public RouteKey RouteKey { get; }

    /// <summary>The route's position in its deployment (<see cref="CompiledDeployment.AllRoutes"/>); a stage's per-route settings are found by it.</summary>
    public int Index { get; init; }

    /// <summary>The route's integration (HTTP proxy or Lambda proxy), or null when the route has no target.</summary>
    public CompiledIntegration? Integration { get; }

    public IReadOnlyList<RequiredParameter> RequiredParameters { get; }

    /// <summary>The route's authorize step (AWS_IAM, JWT or a Lambda authorizer), or null when it has none.</summary>
    public RouteAuthorizer? Authorizer { get; }

    /// <summary>The names of the route's path variables, in path order (without a greedy variable's '+').</summary>
    public string[] VariableNames { get; }

    /// <summary>The route key's path (<c>/pets/{id}</c>), or <c>$default</c> for the $default route.</summary>
    public string ResourcePath { get; }

    /// <summary>A path parameter's decoded value; a greedy one joins its segments with '/'.</summary>
    public string? PathParameter(string name, string[] segments) =>
        TryFindVariable(name, segments, out var index, out var greedy)
            ? greedy ? string.Join('/', segments, index, segments.Length - index) : segments[index]
            : null;

    /// <summary>Where a path variable's value starts in the request's segments, and whether it runs to the end (greedy).</summary>
    public bool TryFindVariable(string name, string[] segments, out int index, out bool greedy)
    {
        foreach (var variable in _variables)
        {
            if (variable.Name == name && variable.Index < segments.Length)
            {
                index = variable.Index;
                greedy = variable.Greedy;
                return true;
            }
        }

        index = 0;
        greedy = false;
        return false;
    }
}

/// <summary>A route request parameter that must be present: <c>route.request.header.x</c> and the like.</summary>
public sealed record RequiredParameter(string Location, string Name);
