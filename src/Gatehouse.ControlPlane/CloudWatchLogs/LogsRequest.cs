using System.Text.Json;
using Gatehouse.Observability.Logs;

namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>
/// Reads one CloudWatch Logs request's members and collects every constraint they break, worded as AWS words them
/// (<c>1 validation error detected: Value 'a b' at 'logGroupName' failed to satisfy constraint: …</c>), reported
/// together as one <c>InvalidParameterException</c>. A member of the wrong JSON type is a <c>SerializationException</c>.
/// </summary>
internal sealed class LogsRequest(JsonElement body)
{
    private readonly List<string> _errors = [];
    private readonly string _path = "";

    /// <summary>A structure inside a request (a list's member): its errors are the request's, at <c>{list}.{n}.member.{name}</c>.</summary>
    private LogsRequest(JsonElement body, LogsRequest parent, string path)
        : this(body)
    {
        _errors = parent._errors;
        _path = path;
    }

    public LogsRequest Member(JsonElement element, string list, int index) => new(element, this, $"{_path}{list}.{index + 1}.member.");

    public const string GroupNamePattern = @"[\.\-_/#A-Za-z0-9]+";
    public const string StreamNamePattern = "[^:*]*";
    public const string GroupIdentifierPattern = @"[\w#+=/:,.@-]*";

    public bool HasErrors => _errors.Count > 0;

    public bool Has(string member) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string member, bool required = false, int min = 0, int max = int.MaxValue)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fail(member, null, "Member must not be null");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Serialization(member, "a string");
        }

        var text = value.GetString()!;
        if (text.Length < min)
        {
            Fail(member, text, $"Member must have length greater than or equal to {min}");
            return null;
        }

        if (text.Length > max)
        {
            Fail(member, text, $"Member must have length less than or equal to {max}");
            return null;
        }

        return text;
    }

    public string? GroupName(string member = "logGroupName", bool required = true)
    {
        var name = String(member, required, 1, LogNames.MaxLength);
        if (name is not null && !LogNames.IsValidGroupName(name))
        {
            Fail(member, name, $"Member must satisfy regular expression pattern: {GroupNamePattern}");
            return null;
        }

        return name;
    }

    public string? StreamName(string member = "logStreamName", bool required = true)
    {
        var name = String(member, required, 1, LogNames.MaxLength);
        if (name is not null && !LogNames.IsValidStreamName(name))
        {
            Fail(member, name, $"Member must satisfy regular expression pattern: {StreamNamePattern}");
            return null;
        }

        return name;
    }

    /// <summary>
    /// The group named by <c>logGroupName</c> or <c>logGroupIdentifier</c> (a name or a log group ARN): exactly one of
    /// them, as AWS requires.
    /// </summary>
    public string? GroupNameOrIdentifier()
    {
        var name = GroupName(required: false);
        var identifier = String("logGroupIdentifier", false, 1, 2048);
        if (Has("logGroupName") && Has("logGroupIdentifier"))
        {
            throw LogsErrors.InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }

        if (!Has("logGroupName") && !Has("logGroupIdentifier"))
        {
            throw LogsErrors.InvalidParameter("Should provide either name or ARN of the log group.");
        }

        if (identifier is null)
        {
            return name;
        }

        // arn:aws:logs:{region}:{account}:log-group:{name}[:*]
        var parts = identifier.Split(':');
        var fromArn = parts.Length >= 7 && parts[0] == "arn" && parts[2] == "logs" && parts[5] == "log-group" ? parts[6] : identifier;
        if (!LogNames.IsValidGroupName(fromArn))
        {
            Fail("logGroupIdentifier", identifier, $"Member must satisfy regular expression pattern: {GroupIdentifierPattern}");
            return null;
        }

        return fromArn;
    }

    public long? Long(string member, long min = long.MinValue, bool required = false)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fail(member, null, "Member must not be null");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Serialization(member, "an integer");
        }

        if (number < min)
        {
            Fail(member, number.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Member must have value greater than or equal to {min}");
            return null;
        }

        return number;
    }

    public int? Int(string member, int min, int max, bool required = false)
    {
        var value = Long(member, long.MinValue, required);
        if (value is null)
        {
            return null;
        }

        var text = value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (value < min)
        {
            Fail(member, text, $"Member must have value greater than or equal to {min}");
            return null;
        }

        if (value > max)
        {
            Fail(member, text, $"Member must have value less than or equal to {max}");
            return null;
        }

        return (int)value;
    }

    public bool? Bool(string member)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Serialization(member, "a boolean"),
        };
    }

    /// <summary>A list member: its elements, or null when absent; its length within bounds.</summary>
    public IReadOnlyList<JsonElement>? List(string member, int min, int max, bool required = false)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Fail(member, null, "Member must not be null");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Serialization(member, "a list");
        }

        var items = value.EnumerateArray().ToList();
        if (items.Count < min)
        {
            Fail(member, "[]", $"Member must have length greater than or equal to {min}");
            return null;
        }

        if (items.Count > max)
        {
            Fail(member, $"[{items.Count} items]", $"Member must have length less than or equal to {max}");
            return null;
        }

        return items;
    }

    public string? OneOf(string member, IReadOnlyList<string> allowed)
    {
        var value = String(member);
        if (value is not null && !allowed.Contains(value))
        {
            Fail(member, value, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            return null;
        }

        return value;
    }

    public void Fail(string member, string? value, string constraint) =>
        _errors.Add($"Value {(value is null ? "null" : $"'{value}'")} at '{_path}{member}' failed to satisfy constraint: {constraint}");

    /// <summary>Throws the collected errors as one <c>InvalidParameterException</c>, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count} validation errors";
            throw LogsErrors.InvalidParameter($"{count} detected: {string.Join("; ", _errors)}");
        }
    }

    private static AwsException Serialization(string member, string expected) =>
        new(400, "SerializationException", $"The member '{member}' must be {expected}.");
}
