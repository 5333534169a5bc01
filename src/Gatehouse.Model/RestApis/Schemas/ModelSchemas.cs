using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>
/// The compiled models of one REST API, built once per deployment. Each model's schema is compiled with the models
/// it references (by AWS's canonical URL) placed inside it as local definitions, so that nothing is ever fetched: a
/// <c>$ref</c> that is neither local nor a model of the same API is an error.
/// </summary>
public sealed class ModelSchemas
{
    private const string EmbeddedPrefix = "gatehouse-model-";

    private readonly FrozenDictionary<string, ModelSchema> _schemas;

    private ModelSchemas(FrozenDictionary<string, ModelSchema> schemas, IReadOnlyList<ModelSchemaCompileError> errors)
    {
        _schemas = schemas;
        Errors = errors;
    }

    public static ModelSchemas Empty { get; } = new(FrozenDictionary<string, ModelSchema>.Empty, []);

    /// <summary>The models that could not be compiled (they are absent from the set), each with the reason.</summary>
    public IReadOnlyList<ModelSchemaCompileError> Errors { get; }

    public int Count => _schemas.Count;

    public bool TryGet(string modelName, [NotNullWhen(true)] out ModelSchema? schema) => _schemas.TryGetValue(modelName, out schema);

    /// <summary>Compiles every model of an API that has a schema; never throws on a bad schema.</summary>
    public static ModelSchemas Compile(string restApiId, IReadOnlyList<RestModel> models)
    {
        ArgumentNullException.ThrowIfNull(restApiId);
        ArgumentNullException.ThrowIfNull(models);

        var errors = new List<ModelSchemaCompileError>();
        var parsed = Parse(models, errors);
        var schemas = new Dictionary<string, ModelSchema>(StringComparer.Ordinal);
        foreach (var name in parsed.Keys)
        {
            var (schema, error) = CompileOne(restApiId, name, parsed);
            if (schema is null)
            {
                errors.Add(new(name, error!));
            }
            else
            {
                schemas[name] = schema;
            }
        }

        return new ModelSchemas(schemas.ToFrozenDictionary(StringComparer.Ordinal), errors);
    }

    /// <summary>Compiles one model with the models it references; the reason it cannot be compiled, else null.</summary>
    internal static string? CompileError(string restApiId, string modelName, IReadOnlyList<RestModel> models)
    {
        var errors = new List<ModelSchemaCompileError>();
        var parsed = Parse(models, errors);
        if (errors.FirstOrDefault(e => e.Model == modelName) is { } unparsable)
        {
            return unparsable.Message;
        }

        return parsed.ContainsKey(modelName) ? CompileOne(restApiId, modelName, parsed).Error : null;
    }

    private static Dictionary<string, JsonObject> Parse(IReadOnlyList<RestModel> models, List<ModelSchemaCompileError> errors)
    {
        var parsed = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            if (model.Schema is null)
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(model.Schema) is JsonObject node)
                {
                    parsed[model.Name] = node;
                }
                else
                {
                    errors.Add(new(model.Name, "the schema is not a JSON object"));
                }
            }
            catch (JsonException)
            {
                errors.Add(new(model.Name, "the schema is not valid JSON"));
            }
        }

        return parsed;
    }

    /// <summary>The names of the models that a schema references in canonical form.</summary>
    internal static IReadOnlySet<string> CanonicalReferences(string schema, string restApiId)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(schema) is { } node)
            {
                foreach (var reference in References(node))
                {
                    if (ModelReference.ModelName(reference, restApiId) is { } name)
                    {
                        names.Add(name);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // an unparsable schema references nothing
        }

        return names;
    }

    private static (ModelSchema? Schema, string? Error) CompileOne(string restApiId, string name, Dictionary<string, JsonObject> parsed)
    {
        // The models this one reaches through canonical references, itself excluded.
        var reached = new List<string>();
        var pending = new Queue<string>([name]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        while (pending.TryDequeue(out var current))
        {
            foreach (var reference in References(parsed[current]))
            {
                if (reference.StartsWith('#'))
                {
                    continue;
                }

                if (ModelReference.ModelName(reference, restApiId) is not { } target)
                {
                    return (null, $"{ModelSchemaCheck.NotCanonical}: {reference}");
                }

                if (!parsed.ContainsKey(target))
                {
                    return (null, $"Invalid model specified: {target}");
                }

                if (seen.Add(target))
                {
                    reached.Add(target);
                    pending.Enqueue(target);
                }
            }
        }

        var root = (JsonObject)parsed[name].DeepClone();
        Rewrite(root, restApiId, name, owner: null);
        if (reached.Count > 0)
        {
            if (root["definitions"] is not JsonObject definitions)
            {
                definitions = [];
                root["definitions"] = definitions;
            }

            foreach (var target in reached)
            {
                var embedded = parsed[target].DeepClone();
                Rewrite(embedded, restApiId, name, owner: target);
                definitions[EmbeddedPrefix + target] = embedded;
            }
        }

        try
        {
            var schema = JsonSchema.FromJsonAsync(root.ToJsonString(), documentPath: null, s => new OfflineReferenceResolver(s))
                .GetAwaiter().GetResult();
            return (new ModelSchema(name, schema), null);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or FormatException
                                      or Newtonsoft.Json.JsonException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Points every <c>$ref</c> of a schema into the compiled document: canonical references to the compiled model
    /// become <c>#</c>, to another model its embedded definition; the local references of an embedded model are
    /// prefixed with the place it is embedded at. Draft 4's <c>dependencies</c>, which the validator does not apply,
    /// becomes the equivalent <c>allOf</c>.
    /// </summary>
    private static void Rewrite(JsonNode? node, string restApiId, string compiled, string? owner)
    {
        switch (node)
        {
            case JsonObject schema:
                foreach (var (key, value) in schema.ToList())
                {
                    switch (key)
                    {
                        case "$ref" when value is JsonValue v && v.TryGetValue<string>(out var reference):
                            schema[key] = Map(reference, restApiId, compiled, owner);
                            break;
                        case "enum" or "default" or "required":
                            break;
                        case "properties" or "patternProperties" or "definitions" or "dependencies" when value is JsonObject map:
                            foreach (var (_, member) in map)
                            {
                                Rewrite(member, restApiId, compiled, owner);
                            }

                            break;
                        default:
                            Rewrite(value, restApiId, compiled, owner);
                            break;
                    }
                }

                Dependencies(schema);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item, restApiId, compiled, owner);
                }

                break;
        }
    }

    /// <summary><c>"dependencies": {"a": X}</c> holds when <c>a</c> is absent or X holds (X: required names or a schema).</summary>
    private static void Dependencies(JsonObject schema)
    {
        if (schema["dependencies"] is not JsonObject dependencies)
        {
            return;
        }

        var clauses = new List<JsonNode>();
        foreach (var (name, dependency) in dependencies)
        {
            JsonNode? then = dependency switch
            {
                JsonArray names => new JsonObject { ["required"] = names.DeepClone() },
                JsonObject dependent => dependent.DeepClone(),
                _ => null,
            };
            if (then is not null)
            {
                var absent = new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray(JsonValue.Create(name)) } };
                clauses.Add(new JsonObject { ["anyOf"] = new JsonArray(absent, then) });
            }
        }

        schema.Remove("dependencies");
        if (schema["allOf"] is not JsonArray allOf)
        {
            allOf = [];
            schema["allOf"] = allOf;
        }

        foreach (var clause in clauses)
        {
            allOf.Add(clause);
        }
    }

    private static string Map(string reference, string restApiId, string compiled, string? owner)
    {
        if (reference.StartsWith('#'))
        {
            return owner is null ? reference : $"#/definitions/{EmbeddedPrefix}{owner}{reference[1..]}";
        }

        return ModelReference.ModelName(reference, restApiId) is { } target
            ? target == compiled ? "#" : $"#/definitions/{EmbeddedPrefix}{target}"
            : reference;
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                    {
                        yield return reference;
                    }
                    else if (key is not ("enum" or "default"))
                    {
                        foreach (var inner in References(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in References(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
