using System.Text;
using System.Text.Json;
using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An integration response's <c>responseParameters</c>, compiled once: <c>method.response.header.x</c> from
/// <c>integration.response.{header|multivalueheader}.y</c>, <c>integration.response.body</c>,
/// <c>integration.response.body.{JSONPath}</c>, <c>'static'</c>, <c>context.x</c> or <c>stageVariables.x</c>
/// (request-response-data-mappings). A value that is absent or empty maps nothing.
/// </summary>
public sealed class ResponseParameterMapper
{
    private readonly Mapping[] _mappings;

    private ResponseParameterMapper(Mapping[] mappings)
    {
        _mappings = mappings;
        ReadsBodyJson = mappings.Any(m => m.Source.ReadsBodyJson);
    }

    public static ResponseParameterMapper Empty { get; } = new([]);

    public bool ReadsBodyJson { get; }

    public static ResponseParameterMapper Compile(IReadOnlyDictionary<string, string>? responseParameters)
    {
        if (responseParameters is null || responseParameters.Count == 0)
        {
            return Empty;
        }

        const string Prefix = "method.response.header.";
        var mappings = new List<Mapping>(responseParameters.Count);
        foreach (var (target, expression) in responseParameters)
        {
            if (target.StartsWith(Prefix, StringComparison.Ordinal) && target.Length > Prefix.Length &&
                MappingSource.TryParse(expression, responseSide: true, out var source))
            {
                mappings.Add(new Mapping(target[Prefix.Length..], source));
            }
        }

        return mappings.Count == 0 ? Empty : new ResponseParameterMapper([.. mappings]);
    }

    /// <summary>
    /// The method response headers the mappings produce; false when a mapping reads the body's JSON and the
    /// integration's body is not JSON (API Gateway answers 500).
    /// </summary>
    public bool TryMap(EndpointResponse response, TemplateMap context, IReadOnlyDictionary<string, string> stageVariables,
        out List<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stageVariables);
        headers = [];
        if (_mappings.Length == 0)
        {
            return true;
        }

        JsonDocument? body = null;
        if (ReadsBodyJson && !JsonBody.TryParse(response.Body, out body))
        {
            return false;
        }

        using (body)
        {
            foreach (var mapping in _mappings)
            {
                var source = mapping.Source;
                var value = source.Kind switch
                {
                    MappingSourceKind.Static => source.Name,
                    MappingSourceKind.Context => ContextVariables.Lookup(context, source.Name),
                    MappingSourceKind.StageVariable => stageVariables.GetValueOrDefault(source.Name),
                    MappingSourceKind.IntegrationHeader => response.Header(source.Name),
                    MappingSourceKind.IntegrationMultiValueHeader => response.HeaderValues(source.Name) is { Count: > 0 } all ? string.Join(',', all) : null,
                    MappingSourceKind.IntegrationBody => response.Body.IsEmpty ? null : Encoding.UTF8.GetString(response.Body.Span),
                    MappingSourceKind.IntegrationBodyPath => body is null ? null : source.Path!.Evaluate(body.RootElement, response.IsLambdaError),
                    _ => null,
                };
                if (!string.IsNullOrEmpty(value))
                {
                    headers.RemoveAll(h => string.Equals(h.Key, mapping.Header, StringComparison.OrdinalIgnoreCase));
                    headers.Add(new(mapping.Header, value));
                }
            }
        }

        return true;
    }

    private sealed record Mapping(string Header, MappingSource Source);
}
