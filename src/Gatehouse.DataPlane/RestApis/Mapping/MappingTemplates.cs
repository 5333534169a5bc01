using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An integration's <c>requestTemplates</c> or an integration response's <c>responseTemplates</c>, parsed once per
/// deployment, by content type in the order stored. A template that does not parse is kept as its error: a request
/// that selects it is answered 500, as a template that fails to render.
/// </summary>
public sealed class MappingTemplates
{
    private readonly Dictionary<string, TemplateParseResult> _byKey;

    private MappingTemplates(List<string> keys, Dictionary<string, TemplateParseResult> byKey)
    {
        Keys = keys;
        _byKey = byKey;
    }

    public static MappingTemplates Empty { get; } = new([], []);

    /// <summary>The content types, in the order stored.</summary>
    public IReadOnlyList<string> Keys { get; }

    public int Count => Keys.Count;

    public static MappingTemplates Parse(IReadOnlyDictionary<string, string>? templates, TemplateLimits? limits = null)
    {
        if (templates is null || templates.Count == 0)
        {
            return Empty;
        }

        var keys = new List<string>(templates.Count);
        var byKey = new Dictionary<string, TemplateParseResult>(StringComparer.Ordinal);
        foreach (var (contentType, source) in templates)
        {
            keys.Add(contentType);
            byKey[contentType] = Template.Parse(source ?? "", limits);
        }

        return new MappingTemplates(keys, byKey);
    }

    /// <summary>True when the template under a key is empty: a response template that is empty passes the payload
    /// through unmapped (request-response-data-mappings: "you must set up an empty template").</summary>
    public bool IsEmpty(string key) => _byKey[key].Template is { Source.Length: 0 };

    /// <summary>The parsed template under a key, or null with the parse errors when it did not parse.</summary>
    public Template? Get(string key, out IReadOnlyList<TemplateError> errors)
    {
        var result = _byKey[key];
        errors = result.Errors;
        return result.Template;
    }
}
