using System.Text.Json;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// A body read as JSON for <c>*.body.{JSONPath}</c> mappings. API Gateway reads a body as JSON only when it starts
/// with <c>{</c>, <c>[</c>, <c>'</c> or <c>"</c> (LocalStack's AWS-validated parameter mapping); any other body is
/// an empty object, so every path maps nothing.
/// </summary>
public static class JsonBody
{
    /// <summary>The document (null when the body is not read as JSON), or false when it starts as JSON but is not.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        var span = body.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == span.Length || span[start] is not ((byte)'{' or (byte)'[' or (byte)'"' or (byte)'\''))
        {
            return true;
        }

        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
