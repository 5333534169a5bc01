using System.Text.Json;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>A JSON pattern: matches messages that are JSON objects and satisfy its condition; never other messages.</summary>
internal sealed class JsonMatcher(JsonCondition condition) : IEventMatcher
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public bool Matches(string message)
    {
        var span = message.AsSpan().TrimStart();
        if (span.Length == 0 || span[0] != '{')
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message, Options);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            return condition.Evaluate(document.RootElement, []);
        }
    }
}
