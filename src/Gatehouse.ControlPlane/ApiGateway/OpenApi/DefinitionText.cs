using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// An OpenAPI definition's text, JSON or YAML, read into one JSON tree, and a JSON tree written as YAML. Nothing here
/// is specific to REST APIs: the tree is what importers read and exporters build.
/// </summary>
internal static class DefinitionText
{
    /// <summary>The definition as a JSON object, or null when the text is neither a JSON nor a YAML mapping.</summary>
    public static JsonObject? Read(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(trimmed, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false }) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var budget = new NodeBudget();
            return stream.Documents is [var document] ? FromYaml(document.RootNode, 0, budget) as JsonObject : null;
        }
        catch (YamlException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null; // a tree too deep or an alias cycle
        }
    }

    /// <summary>The tree as YAML (block style, strings quoted only where YAML needs it).</summary>
    public static string WriteYaml(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlDotNet ends a document with "...": a single-document file does not need it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private const int MaxDepth = 256;

    /// <summary>Aliases expand where they are used: a few lines could otherwise stand for billions of nodes.</summary>
    private const int MaxNodes = 2_000_000;

    private sealed class NodeBudget
    {
        public int Used;
    }

    private static JsonNode? FromYaml(YamlNode node, int depth, NodeBudget budget)
    {
        if (depth > MaxDepth || ++budget.Used > MaxNodes)
        {
            throw new InvalidOperationException("definition nested too deeply or too large once its aliases are expanded");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidOperationException("a mapping key must be a scalar");
                    }

                    obj[name] = FromYaml(value, depth + 1, budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(FromYaml(item, depth + 1, budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidOperationException("unsupported YAML node");
        }
    }

    /// <summary>A plain scalar is typed as YAML 1.2's core schema types it; a quoted one is a string.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.') &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            // Kept as written when JSON can say it the same way (a version 1.0 stays "1.0").
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(value);
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var mapping = new YamlMappingNode();
                foreach (var (key, value) in obj)
                {
                    mapping.Add(StringScalar(key), ToYaml(value));
                }

                return mapping;
            case JsonArray array:
                var sequence = new YamlSequenceNode();
                foreach (var item in array)
                {
                    sequence.Add(ToYaml(item));
                }

                return sequence;
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => StringScalar(value.GetValue<string>()),
                    JsonValueKind.True => new YamlScalarNode("true") { Style = ScalarStyle.Plain },
                    JsonValueKind.False => new YamlScalarNode("false") { Style = ScalarStyle.Plain },
                    _ => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
                };
            default:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
        }
    }

    /// <summary>A string that would read back as another type ("200", "true", "") is quoted; multi-line text is literal.</summary>
    private static YamlScalarNode StringScalar(string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            return new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted };
        }

        var plain = Scalar(new YamlScalarNode(text) { Style = ScalarStyle.Plain });
        var readsBack = plain is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        return new YamlScalarNode(text) { Style = readsBack ? ScalarStyle.Any : ScalarStyle.SingleQuoted };
    }
}
