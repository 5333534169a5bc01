using System.Text;
using System.Text.Json;
using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An integration's <c>requestParameters</c>, compiled once: <c>integration.request.{header|querystring|path}.x</c>
/// from <c>method.request.*</c>, <c>'static'</c>, <c>context.x</c> or <c>stageVariables.x</c>
/// (request-response-data-mappings). Method request headers reach an HTTP or AWS backend only through these.
/// A value that is absent or empty maps nothing.
/// </summary>
public sealed class RequestParameterMapper
{
    private readonly Mapping[] _mappings;

    private RequestParameterMapper(Mapping[] mappings)
    {
        _mappings = mappings;
        ReadsBodyJson = mappings.Any(m => m.Source.ReadsBodyJson);
    }

    public static RequestParameterMapper Empty { get; } = new([]);

    /// <summary>True when a mapping reads a JSONPath of the body (a body that is not JSON is then refused).</summary>
    public bool ReadsBodyJson { get; }

    public int Count => _mappings.Length;

    public static RequestParameterMapper Compile(IReadOnlyDictionary<string, string>? requestParameters)
    {
        if (requestParameters is null || requestParameters.Count == 0)
        {
            return Empty;
        }

        var mappings = new List<Mapping>(requestParameters.Count);
        foreach (var (target, expression) in requestParameters)
        {
            if (TryTarget(target, out var location, out var name) && MappingSource.TryParse(expression, responseSide: false, out var source))
            {
                mappings.Add(new Mapping(location, name, source));
            }
        }

        return mappings.Count == 0 ? Empty : new RequestParameterMapper([.. mappings]);
    }

    /// <summary>
    /// Applies the mappings to a request; false when a mapping reads the body's JSON and the body is not JSON
    /// (API Gateway answers 400 <c>Invalid JSON in request body</c>).
    /// </summary>
    public bool TryMap(MethodRequestData request, TemplateMap context, out MappedRequestParameters mapped)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        mapped = new MappedRequestParameters();
        if (_mappings.Length == 0)
        {
            return true;
        }

        JsonDocument? body = null;
        if (ReadsBodyJson && !JsonBody.TryParse(request.Body, out body))
        {
            return false;
        }

        using (body)
        {
            foreach (var mapping in _mappings)
            {
                var values = Evaluate(mapping.Source, request, context, body);
                if (values.Count == 0)
                {
                    continue;
                }

                switch (mapping.Location)
                {
                    case RequestParameterLocation.Header:
                        mapped.SetHeader(mapping.Name, values);
                        break;
                    case RequestParameterLocation.QueryString:
                        mapped.SetQuery(mapping.Name, values);
                        break;
                    default:
                        mapped.Path[mapping.Name] = string.Join(',', values);
                        break;
                }
            }
        }

        return true;
    }

    private static IReadOnlyList<string> Evaluate(MappingSource source, MethodRequestData request, TemplateMap context, JsonDocument? body)
    {
        var value = source.Kind switch
        {
            MappingSourceKind.Static => source.Name,
            MappingSourceKind.Context => ContextVariables.Lookup(context, source.Name),
            MappingSourceKind.StageVariable => request.StageVariables.GetValueOrDefault(source.Name),
            MappingSourceKind.MethodPath => request.PathParameters.GetValueOrDefault(source.Name),
            MappingSourceKind.MethodQueryString => request.Query(source.Name),
            MappingSourceKind.MethodMultiValueQueryString => null,
            MappingSourceKind.MethodHeader => request.Header(source.Name),
            MappingSourceKind.MethodMultiValueHeader => Joined(request.HeaderValues(source.Name)),
            MappingSourceKind.MethodBody => request.Body.IsEmpty ? null : Encoding.UTF8.GetString(request.Body.Span),
            MappingSourceKind.MethodBodyPath => body is null ? null : source.Path!.Evaluate(body.RootElement),
            _ => null,
        };
        if (source.Kind == MappingSourceKind.MethodMultiValueQueryString)
        {
            return [.. request.QueryValues(source.Name).Where(v => v.Length > 0)];
        }

        return string.IsNullOrEmpty(value) ? [] : [value];
    }

    private static string? Joined(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(',', values);

    private static bool TryTarget(string target, out RequestParameterLocation location, out string name)
    {
        location = default;
        name = "";
        const string Prefix = "integration.request.";
        if (!target.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = target.AsSpan(Prefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        switch (rest[..dot])
        {
            case "header":
                location = RequestParameterLocation.Header;
                break;
            case "querystring":
                location = RequestParameterLocation.QueryString;
                break;
            case "path":
                location = RequestParameterLocation.Path;
                break;
            default:
                return false;
        }

        name = rest[(dot + 1)..].ToString();
        return true;
    }

    private sealed record Mapping(RequestParameterLocation Location, string Name, MappingSource Source);
}
