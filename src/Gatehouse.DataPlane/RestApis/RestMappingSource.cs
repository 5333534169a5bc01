using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// The value of a REST parameter mapping's source (request-response-data-mappings): <c>'static'</c>,
/// <c>method.request.{header|querystring|path}.x</c>, <c>context.x</c> or <c>stageVariables.x</c>. Null when the
/// request has no such value.
/// </summary>
public static class RestMappingSource
{
    public static string? Evaluate(string source, HttpRequest request, RestRequestState? state, Func<string, string?> contextVariable)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(contextVariable);
        if (source.Length >= 2 && source[0] == '\'' && source[^1] == '\'')
        {
            return source[1..^1];
        }

        if (source.StartsWith("method.request.header.", StringComparison.Ordinal))
        {
            var values = request.Headers[source["method.request.header.".Length..]];
            return values.Count == 0 ? null : values[^1];
        }

        if (source.StartsWith("method.request.querystring.", StringComparison.Ordinal))
        {
            var values = request.Query[source["method.request.querystring.".Length..]];
            return values.Count == 0 ? null : values[^1];
        }

        if (source.StartsWith("method.request.path.", StringComparison.Ordinal))
        {
            return state?.PathParameter(source["method.request.path.".Length..]);
        }

        if (source.StartsWith("context.", StringComparison.Ordinal))
        {
            return contextVariable(source["context.".Length..]);
        }

        return source.StartsWith("stageVariables.", StringComparison.Ordinal)
            ? state?.Stage.StageVariables.GetValueOrDefault(source["stageVariables.".Length..])
            : null;
    }
}
