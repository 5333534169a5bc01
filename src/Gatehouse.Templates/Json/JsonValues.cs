using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gatehouse.Templates;

/// <summary>
/// Reads JSON text into engine values: objects become <see cref="TemplateMap"/> (keys in document order, a repeated
/// key keeps its last value), arrays JSON-flavoured <see cref="TemplateList"/>, integers long (or double past long's
/// range), other numbers double. One pass of a <see cref="Utf8JsonReader"/>, no intermediate document.
/// </summary>
internal static class JsonValues
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 100, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses <paramref name="json"/>; false (not an exception) when it is not JSON.</summary>
    public static bool TryParse(string json, out object? value)
    {
        json = json.TrimStart('\uFEFF'); // a byte order mark left in the decoded body
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length), Options);
            if (!reader.Read())
            {
                value = null;
                return false;
            }

            value = ReadValue(ref reader);
            if (reader.Read())
            {
                value = null;
                return false; // text after the value
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape that is no valid UTF-16 (a lone surrogate).
            value = null;
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new TemplateMap();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    map[name] = ReadValue(ref reader);
                }

                return map;
            case JsonTokenType.StartArray:
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return new TemplateList(items, isJson: true);
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                return null;
        }
    }
}
