using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Mapping;

/// <summary>
/// Applies an integration's <c>append|overwrite|remove:querystring.{name}</c> mappings to a raw (percent-encoded)
/// query string, in the order the mappings are stored. Used for HTTP_PROXY requests and Lambda events alike.
/// </summary>
public static class QueryStringMapper
{
    /// <summary>The query (without '?') after the mappings; the same string when no mapping changes it.</summary>
    public static string Apply(ParameterMapping[] mappings, RequestContext context, HttpRequest request, string query)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(query);
        List<(string Name, string Value)>? pairs = null;
        var changed = false;
        foreach (var mapping in mappings)
        {
            if (mapping.Target != MappingTarget.QueryString)
            {
                continue;
            }

            pairs ??= Split(query);
            if (mapping.Action != MappingAction.Append)
            {
                changed |= pairs.RemoveAll(p => Uri.UnescapeDataString(p.Name) == mapping.Name) > 0;
            }

            if (mapping.Action != MappingAction.Remove && MappingEvaluator.Evaluate(mapping.Value, context, request) is { } value)
            {
                pairs.Add((Uri.EscapeDataString(mapping.Name), Uri.EscapeDataString(value)));
                changed = true;
            }
        }

        return !changed ? query : string.Join('&', pairs!.Select(p => p.Value.Length == 0 ? p.Name : p.Name + "=" + p.Value));
    }

    private static List<(string Name, string Value)> Split(string query) => query.Length == 0
        ? []
        : [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? (p[..eq], p[(eq + 1)..]) : (p, ""))];
}
