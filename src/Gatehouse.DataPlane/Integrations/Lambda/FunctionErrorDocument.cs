using System.Text.Json;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// What a function's error document (<c>{"errorMessage": ..., "errorType": ...}</c>, Lambda's answer with
/// <c>X-Amz-Function-Error</c>) says, read without building a document: its message, which selection patterns and the
/// authorizers' <c>Unauthorized</c> rule look at, and its type.
/// </summary>
internal static class FunctionErrorDocument
{
    /// <summary>The string <c>errorMessage</c>, or null when the payload is not an object with one.</summary>
    public static string? Message(ReadOnlySpan<byte> payload) => Member(payload, "errorMessage");

    /// <summary>The string <c>errorType</c>, or null.</summary>
    public static string? Type(ReadOnlySpan<byte> payload) => Member(payload, "errorType");

    private static string? Member(ReadOnlySpan<byte> payload, string name)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMember = reader.ValueTextEquals(name);
                reader.Read();
                if (isMember && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
