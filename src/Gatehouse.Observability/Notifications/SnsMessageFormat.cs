using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// What SNS sends, byte for byte as its developer guide documents: the string a message's signature covers, and the
/// JSON body with its members in SNS's order.
/// </summary>
public static class SnsMessageFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>SNS's timestamps: ISO 8601 UTC with milliseconds, <c>2012-04-26T20:45:04.751Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The signed string: each member's name and value on lines of their own, in byte order of the names. A
    /// Notification covers Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; a confirmation
    /// covers Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
    /// </summary>
    public static string CanonicalString(SnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                text.Append(name).Append('\n').Append(value).Append('\n');
            }
        }

        Add("Message", message.Message);
        Add("MessageId", message.MessageId);
        if (message.Type == SnsMessageType.Notification)
        {
            Add("Subject", message.Subject);
            Add("Timestamp", message.Timestamp);
        }
        else
        {
            Add("SubscribeURL", message.SubscribeUrl ?? "");
            Add("Timestamp", message.Timestamp);
            Add("Token", message.Token ?? "");
        }

        Add("TopicArn", message.TopicArn);
        Add("Type", message.Type.ToString());
        return text.ToString();
    }

    /// <summary>The POST body, as SNS writes it (an indented JSON object; a Subject only when the publisher gave one).</summary>
    public static byte[] Body(SnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("Type", message.Type.ToString());
            json.WriteString("MessageId", message.MessageId);
            if (message.Type == SnsMessageType.Notification)
            {
                json.WriteString("TopicArn", message.TopicArn);
                if (message.Subject is not null)
                {
                    json.WriteString("Subject", message.Subject);
                }

                json.WriteString("Message", message.Message);
                json.WriteString("Timestamp", message.Timestamp);
                WriteSignature(json, message);
                json.WriteString("UnsubscribeURL", message.UnsubscribeUrl);
                if (message.MessageAttributes.Count > 0)
                {
                    json.WriteStartObject("MessageAttributes");
                    foreach (var attribute in message.MessageAttributes)
                    {
                        json.WriteStartObject(attribute.Name);
                        json.WriteString("Type", attribute.DataType);
                        json.WriteString("Value", attribute.Value);
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }
            }
            else
            {
                json.WriteString("Token", message.Token);
                json.WriteString("TopicArn", message.TopicArn);
                json.WriteString("Message", message.Message);
                json.WriteString("SubscribeURL", message.SubscribeUrl);
                json.WriteString("Timestamp", message.Timestamp);
                WriteSignature(json, message);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteSignature(Utf8JsonWriter json, SnsMessage message)
    {
        json.WriteString("SignatureVersion", message.SignatureVersion.ToString(CultureInfo.InvariantCulture));
        json.WriteString("Signature", message.Signature);
        json.WriteString("SigningCertURL", message.SigningCertUrl);
    }
}
