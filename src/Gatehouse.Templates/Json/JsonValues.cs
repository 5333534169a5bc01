using System.Text.Json;

namespace Gatehouse.Templates;

/// <summary>
/// Reads JSON text into engine values: objects become <see cref="TemplateMap"/> (keys in document order), arrays
/// JSON-flavoured <see cref="TemplateList"/>, integers long (or double past long's range), other numbers double.
/// </summary>
internal static class JsonValues
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 100, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses <paramref name="json"/>; false (not an exception) when it is not JSON.</summary>
    public static bool TryParse(string json, out object? value)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            value = Convert(document.RootElement);
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private static object? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new TemplateMap();
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = Convert(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var items = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Convert(item));
                }

                return new TemplateList(items, isJson: true);
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
