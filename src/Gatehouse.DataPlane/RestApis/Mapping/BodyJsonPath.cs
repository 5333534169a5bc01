using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The JSONPath of <c>method.request.body.{path}</c> and <c>integration.response.body.{path}</c> mappings, written
/// without the leading <c>$.</c> (request-response-data-mappings: <c>petstore.pets[0].name</c>): member names,
/// <c>['quoted names']</c> and array indices. A string maps as its text, a number or boolean as its JSON text, an
/// object or array as compact JSON (handle-errors-in-lambda-integration: <c>error_trace</c>).
/// </summary>
public sealed class BodyJsonPath
{
    private readonly Step[] _steps;

    private BodyJsonPath(string text, Step[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <summary>Parses a path; false for what this subset does not read (filters, wildcards, slices).</summary>
    public static bool TryParse(string path, out BodyJsonPath compiled)
    {
        ArgumentNullException.ThrowIfNull(path);
        compiled = null!;
        var text = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = text[(i + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    steps.Add(new Step(inner[1..^1], -1));
                }
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(new Step(null, index));
                }
                else
                {
                    return false;
                }

                i = close + 1;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    if (i >= text.Length)
                    {
                        return false;
                    }
                }

                continue;
            }

            var end = text.IndexOfAny(['.', '['], i);
            if (end < 0)
            {
                end = text.Length;
            }

            var name = text[i..end];
            if (name.Length == 0 || name == "*" || name.Contains('?', StringComparison.Ordinal))
            {
                return false;
            }

            steps.Add(new Step(name, -1));
            i = end;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                if (i >= text.Length)
                {
                    return false;
                }
            }
        }

        if (steps.Count == 0)
        {
            return false;
        }

        compiled = new BodyJsonPath(text, [.. steps]);
        return true;
    }

    /// <summary>
    /// The value at the path in <paramref name="root"/>, or null when nothing (or JSON null) is there. With
    /// <paramref name="readStringsAsJson"/>, a string met before the path ends is read as JSON (API Gateway does
    /// this for a Lambda error's <c>errorMessage</c>: handle-errors-in-lambda-integration).
    /// </summary>
    public string? Evaluate(JsonElement root, bool readStringsAsJson = false)
    {
        var current = root;
        JsonDocument? parsed = null;
        try
        {
            foreach (var step in _steps)
            {
                if (readStringsAsJson && current.ValueKind == JsonValueKind.String && TryParseJson(current.GetString()!, out var document))
                {
                    parsed?.Dispose();
                    parsed = document;
                    current = document.RootElement;
                }

                if (!step.TryApply(current, out current))
                {
                    return null;
                }
            }

            return Format(current);
        }
        finally
        {
            parsed?.Dispose();
        }
    }

    private static string? Format(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return value.GetRawText();
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    {
                        value.WriteTo(writer);
                    }

                    return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
                }

            default:
                return null;
        }
    }

    private static bool TryParseJson(string text, out JsonDocument document)
    {
        document = null!;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private readonly record struct Step(string? Name, int Index)
    {
        public bool TryApply(JsonElement node, out JsonElement result)
        {
            result = default;
            if (Name is not null)
            {
                return node.ValueKind == JsonValueKind.Object && node.TryGetProperty(Name, out result);
            }

            if (node.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var length = node.GetArrayLength();
            var i = Index < 0 ? length + Index : Index;
            if (i < 0 || i >= length)
            {
                return false;
            }

            result = node[i];
            return true;
        }
    }
}
