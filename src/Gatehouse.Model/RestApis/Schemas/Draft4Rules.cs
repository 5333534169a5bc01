using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>
/// What draft 4's meta-schema requires of a schema document, checked keyword by keyword so that every problem is
/// reported with the place it is at; plus AWS's own rule that a model uses draft 4's keywords only.
/// </summary>
internal sealed class Draft4Rules
{
    private static readonly HashSet<string> SimpleTypes = ["array", "boolean", "integer", "null", "number", "object", "string"];

    private readonly List<string> _errors = [];
    private readonly List<string> _unsupported = [];
    private readonly List<(string Pointer, string Reference)> _references = [];

    private Draft4Rules()
    {
    }

    /// <summary>Problems, each naming the place (<c>#/properties/age/minimum: must be a number</c>).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Keywords that are not draft 4's, in the order they appear, each once.</summary>
    public IReadOnlyList<string> Unsupported => _unsupported;

    /// <summary>Every <c>$ref</c> with the place of the schema that holds it.</summary>
    public IReadOnlyList<(string Pointer, string Reference)> References => _references;

    public static Draft4Rules Check(JsonElement root)
    {
        var rules = new Draft4Rules();
        rules.Schema(root, "#");
        return rules;
    }

    private void Schema(JsonElement schema, string at)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            _errors.Add($"{at}: a schema must be a JSON object");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            Keyword(keyword.Name, keyword.Value, $"{at}/{Escape(keyword.Name)}");
        }

        Requires(schema, "exclusiveMaximum", "maximum", at);
        Requires(schema, "exclusiveMinimum", "minimum", at);
    }

    private void Keyword(string name, JsonElement value, string at)
    {
        switch (name)
        {
            case "$schema" or "id" or "title" or "description" or "format":
                Expect(value.ValueKind == JsonValueKind.String, at, "must be a string");
                break;
            case "$ref":
                if (Expect(value.ValueKind == JsonValueKind.String, at, "must be a string"))
                {
                    _references.Add((at[..^"/$ref".Length], value.GetString()!));
                }

                break;
            case "default":
                break;
            case "multipleOf":
                Expect(value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0, at, "must be a number greater than 0");
                break;
            case "maximum" or "minimum":
                Expect(value.ValueKind == JsonValueKind.Number, at, "must be a number");
                break;
            case "exclusiveMaximum" or "exclusiveMinimum" or "uniqueItems":
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, at, "must be a boolean");
                break;
            case "maxLength" or "minLength" or "maxItems" or "minItems" or "maxProperties" or "minProperties":
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0, at,
                    "must be a non-negative integer");
                break;
            case "pattern":
                if (Expect(value.ValueKind == JsonValueKind.String, at, "must be a string"))
                {
                    Pattern(value.GetString()!, at);
                }

                break;
            case "additionalItems" or "additionalProperties":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Schema(value, at);
                }

                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    SchemaArray(value, at);
                }
                else
                {
                    Schema(value, at);
                }

                break;
            case "allOf" or "anyOf" or "oneOf":
                if (Expect(value.ValueKind == JsonValueKind.Array, at, "must be an array of schemas"))
                {
                    SchemaArray(value, at);
                }

                break;
            case "not":
                Schema(value, at);
                break;
            case "required":
                StringArray(value, at);
                break;
            case "definitions" or "properties" or "patternProperties":
                if (Expect(value.ValueKind == JsonValueKind.Object, at, "must be an object of schemas"))
                {
                    foreach (var member in value.EnumerateObject())
                    {
                        var memberAt = $"{at}/{Escape(member.Name)}";
                        if (name == "patternProperties")
                        {
                            Pattern(member.Name, memberAt);
                        }

                        Schema(member.Value, memberAt);
                    }
                }

                break;
            case "dependencies":
                if (Expect(value.ValueKind == JsonValueKind.Object, at, "must be an object"))
                {
                    foreach (var member in value.EnumerateObject())
                    {
                        var memberAt = $"{at}/{Escape(member.Name)}";
                        if (member.Value.ValueKind == JsonValueKind.Array)
                        {
                            StringArray(member.Value, memberAt);
                        }
                        else
                        {
                            Schema(member.Value, memberAt);
                        }
                    }
                }

                break;
            case "enum":
                if (Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, at, "must be a non-empty array"))
                {
                    Unique(value, at);
                }

                break;
            case "type":
                Type(value, at);
                break;
            default:
                if (!_unsupported.Contains(name))
                {
                    _unsupported.Add(name);
                }

                break;
        }
    }

    private void Type(JsonElement value, string at)
    {
        const string Message = "must be one of array, boolean, integer, null, number, object, string, or a non-empty array of them";
        if (value.ValueKind == JsonValueKind.String)
        {
            Expect(SimpleTypes.Contains(value.GetString()!), at, Message);
        }
        else if (Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, at, Message))
        {
            Expect(value.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String && SimpleTypes.Contains(t.GetString()!)), at, Message);
            Unique(value, at);
        }
    }

    private void SchemaArray(JsonElement value, string at)
    {
        Expect(value.GetArrayLength() > 0, at, "must not be empty");
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            Schema(item, $"{at}/{index++}");
        }
    }

    private void StringArray(JsonElement value, string at)
    {
        if (Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, at, "must be a non-empty array of strings")
            && Expect(value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String), at, "must be a non-empty array of strings"))
        {
            Unique(value, at);
        }
    }

    private void Unique(JsonElement array, string at)
    {
        var items = array.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonElement.DeepEquals(items[i], items[j]))
                {
                    _errors.Add($"{at}: must not repeat a value ({items[i].GetRawText()})");
                    return;
                }
            }
        }
    }

    private void Pattern(string pattern, string at)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            _errors.Add($"{at}: is not a valid regular expression");
        }
    }

    private void Requires(JsonElement schema, string keyword, string other, string at)
    {
        if (schema.TryGetProperty(keyword, out _) && !schema.TryGetProperty(other, out _))
        {
            _errors.Add($"{at}/{keyword}: requires {other}");
        }
    }

    private bool Expect(bool condition, string at, string message)
    {
        if (!condition)
        {
            _errors.Add($"{at}: {message}");
        }

        return condition;
    }

    /// <summary>A JSON pointer's escaping of one member name.</summary>
    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
