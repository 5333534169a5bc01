using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Notifications;

namespace Gatehouse.ControlPlane.Sns;

/// <summary>SNS's input rules, each failure worded as SNS words it (see <see cref="SnsErrors"/>).</summary>
internal static partial class SnsValidation
{
    /// <summary>SNS's message size limit: 256 KiB of message and attributes together.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    public const int MaxSubjectLength = 99;

    public const int MaxTags = 50;

    /// <summary>Every protocol SNS knows, so that an unknown one gets SNS's own error.</summary>
    public static readonly IReadOnlyList<string> KnownProtocols = ["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"];

    public static bool IsTopicName(string name) => TopicName().IsMatch(name);

    /// <summary>A required parameter's value; SNS's "no value" error when absent.</summary>
    public static string Required(QueryRequest p, string name) => p.Get(name) ?? throw SnsErrors.Missing(name);

    public static string TopicName(string? name)
    {
        if (name is null)
        {
            throw SnsErrors.Missing("Name");
        }

        if (name.EndsWith(".fifo", StringComparison.Ordinal) && IsTopicName(name[..^5]))
        {
            throw SnsErrors.NotSupported("Name", "FIFO topics");
        }

        return IsTopicName(name) ? name : throw SnsErrors.InvalidParameter("Topic Name");
    }

    /// <summary>CreateTopic's <c>Attributes</c> map: the attributes to store (FifoTopic=false and TracingConfig=PassThrough are SNS's defaults, not stored).</summary>
    public static Dictionary<string, string> TopicAttributes(QueryRequest p)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in p.GetMapEntries("Attributes"))
        {
            var name = entry.GetValueOrDefault("key") ?? throw SnsErrors.InvalidParameter("AttributeName");
            var value = entry.GetValueOrDefault("value") ?? "";
            if (TopicAttribute(name, value) is { } stored)
            {
                attributes[name] = stored;
            }
        }

        return attributes;
    }

    /// <summary>
    /// Checks one topic attribute (CreateTopic, SetTopicAttributes) and returns the value to store, or null for a
    /// default that is not stored (an empty Policy or DeliveryPolicy, FifoTopic=false, TracingConfig=PassThrough).
    /// </summary>
    public static string? TopicAttribute(string name, string value)
    {
        switch (name)
        {
            case SnsAttributeNames.DisplayName:
                return value.Length <= 100 ? value : throw SnsErrors.InvalidParameter("DisplayName Reason: must be at most 100 characters");
            case SnsAttributeNames.Policy:
                // An empty policy gives the topic SNS's default one back.
                return value.Length == 0 ? null : Policy(value);
            case SnsAttributeNames.DeliveryPolicy:
                if (value.Length == 0)
                {
                    return null;
                }

                return DeliveryPolicy.TryParse(value, out _, out var error) ? value : throw SnsErrors.InvalidParameter(error!);
            case SnsAttributeNames.SignatureVersion:
                return value is "1" or "2" ? value : throw SnsErrors.InvalidParameter("SignatureVersion");
            case "FifoTopic" when value == "false":
            case "TracingConfig" when value == "PassThrough":
                return null;
            case "FifoTopic" or "ContentBasedDeduplication":
                throw SnsErrors.NotSupported(name, "FIFO topics");
            case "TracingConfig":
                throw SnsErrors.NotSupported(name, "active tracing of topics");
            case "KmsMasterKeyId":
                throw SnsErrors.NotSupported(name, "server-side encryption of topics");
            default:
                throw SnsErrors.InvalidParameter("AttributeName");
        }
    }

    private static string Policy(string value)
    {
        if (value.Length > 30720)
        {
            throw SnsErrors.InvalidParameter("Policy Error: the policy must be at most 30720 characters");
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? value
                : throw SnsErrors.InvalidParameter("Policy Error: the policy must be a JSON object");
        }
        catch (JsonException)
        {
            throw SnsErrors.InvalidParameter("Policy Error: the policy is not valid JSON");
        }
    }

    /// <summary>CreateTopic's tags: keys of 1 to 128 characters, values up to 256, at most 50, no key twice.</summary>
    public static List<KeyValuePair<string, string>> Tags(QueryRequest p)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var member in p.GetStructureList("Tags"))
        {
            var key = member.GetValueOrDefault("Key");
            var value = member.GetValueOrDefault("Value") ?? "";
            if (key is null || key.Length is 0 or > 128)
            {
                throw SnsErrors.InvalidParameter("Tags Reason: a tag key must have 1 to 128 characters");
            }

            if (value.Length > 256)
            {
                throw SnsErrors.InvalidParameter("Tags Reason: a tag value must have at most 256 characters");
            }

            if (tags.Any(t => t.Key == key))
            {
                throw SnsErrors.InvalidParameter("Duplicated keys are not allowed.");
            }

            tags.Add(new(key, value));
        }

        return tags.Count <= MaxTags ? tags : throw new AwsException(400, "TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
    }

    /// <summary>Publish's Subject: 1 to 99 printable ASCII characters, no line breaks.</summary>
    public static string? Subject(string? subject) =>
        subject is null ? null
        : subject.Length is > 0 and <= MaxSubjectLength && subject.All(c => c is >= ' ' and <= '~') ? subject
        : throw SnsErrors.InvalidParameter("Subject");

    /// <summary>Publish's MessageAttributes (<c>MessageAttributes.entry.N.Name</c>, <c>.Value.DataType</c>, <c>.Value.StringValue</c> or <c>.Value.BinaryValue</c>).</summary>
    public static List<SnsMessageAttribute> MessageAttributes(QueryRequest p)
    {
        var attributes = new List<SnsMessageAttribute>();
        foreach (var entry in p.GetMapEntries("MessageAttributes"))
        {
            var name = entry.GetValueOrDefault("Name") ?? "";
            if (!AttributeName().IsMatch(name) || name.Contains("..", StringComparison.Ordinal) ||
                name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
            {
                throw SnsErrors.InvalidParameter($"MessageAttributes Reason: The message attribute name '{name}' is invalid.");
            }

            if (attributes.Any(a => a.Name == name))
            {
                throw SnsErrors.InvalidParameter($"MessageAttributes Reason: The message attribute '{name}' appears more than once.");
            }

            var type = entry.GetValueOrDefault("Value.DataType");
            var kind = type?.Split('.')[0];
            if (type is null || kind is not ("String" or "Number" or "Binary"))
            {
                throw SnsErrors.InvalidParameter(
                    $"MessageAttributes Reason: The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }

            var value = kind == "Binary" ? entry.GetValueOrDefault("Value.BinaryValue") : entry.GetValueOrDefault("Value.StringValue");
            if (string.IsNullOrEmpty(value))
            {
                throw SnsErrors.InvalidParameter(
                    $"MessageAttributes Reason: The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{kind}'.");
            }

            if (kind == "Number" && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw SnsErrors.InvalidParameter($"MessageAttributes Reason: Could not cast message attribute '{name}' value to number.");
            }

            if (type == "String.Array" && !IsJsonArray(value))
            {
                throw SnsErrors.InvalidParameter($"MessageAttributes Reason: The message attribute '{name}' with type 'String.Array' must be a JSON array.");
            }

            attributes.Add(new SnsMessageAttribute(name, type, value));
        }

        return attributes;
    }

    /// <summary>The bytes SNS counts against its limit: the message, and each attribute's name, type and value.</summary>
    public static int PublishSize(string message, IEnumerable<SnsMessageAttribute> attributes) =>
        Encoding.UTF8.GetByteCount(message) +
        attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Name) + Encoding.UTF8.GetByteCount(a.DataType) + Encoding.UTF8.GetByteCount(a.Value));

    /// <summary>A page token: the last ARN of the previous page, Base64url-encoded.</summary>
    public static string PageToken(string lastArn) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastArn)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string? AfterToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var arn = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            return arn.StartsWith("arn:aws:sns:", StringComparison.Ordinal) ? arn : throw SnsErrors.InvalidParameter("NextToken");
        }
        catch (FormatException)
        {
            throw SnsErrors.InvalidParameter("NextToken");
        }
    }

    private static bool IsJsonArray(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicName();

    [GeneratedRegex(@"^[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,254}[A-Za-z0-9_\-]$|^[A-Za-z0-9_\-]$")]
    private static partial Regex AttributeName();
}
