using System.Globalization;
using System.Text.Json;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>The members of an awsJson request object (timestamps as epoch seconds), with query-style paths for messages.</summary>
internal sealed class JsonInput(JsonElement element, string path) : ICloudWatchInput
{
    public static JsonInput Of(JsonElement body) => new(body, "");

    public string PathOf(string name) => path + name;

    public bool Has(string name) => Member(name) is not null;

    public string? String(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } value => throw Wrong(name, value, "a string"),
    };

    public double? Double(string name) => Member(name) is { } value ? Number(PathOf(name), value) : null;

    public int? Int(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        { } value => throw Wrong(name, value, "an integer"),
    };

    public bool? Bool(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } value => throw Wrong(name, value, "true or false"),
    };

    public DateTimeOffset? Timestamp(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => InputValues.FromEpochSeconds(PathOf(name), value.GetDouble()),
        { ValueKind: JsonValueKind.String } value => InputValues.ParseTimestamp(PathOf(name), value.GetString()!),
        { } value => throw Wrong(name, value, "a timestamp"),
    };

    public IReadOnlyList<string>? StringList(string name) =>
        Array(name)?.Select((item, i) => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw InputValues.Malformed($"{PathOf(name)}.member.{i + 1}", item.GetRawText(), "a string")).ToList();

    public IReadOnlyList<double>? DoubleList(string name) =>
        Array(name)?.Select((item, i) => Number($"{PathOf(name)}.member.{i + 1}", item)).ToList();

    public IReadOnlyList<ICloudWatchInput>? List(string name) =>
        Array(name)?.Select((item, i) => item.ValueKind == JsonValueKind.Object
            ? (ICloudWatchInput)new JsonInput(item, $"{PathOf(name)}.member.{i + 1}.")
            : throw InputValues.Malformed($"{PathOf(name)}.member.{i + 1}", item.GetRawText(), "an object")).ToList();

    public ICloudWatchInput? Structure(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } value => new JsonInput(value, PathOf(name) + "."),
        { } value => throw Wrong(name, value, "an object"),
    };

    private JsonElement? Member(string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private List<JsonElement>? Array(string name) => Member(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } value => [.. value.EnumerateArray()],
        { } value => throw Wrong(name, value, "a list"),
    };

    private static double Number(string path, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        // Query-compatible clients may send special values as strings.
        JsonValueKind.String => InputValues.ParseDouble(path, value.GetString()!),
        _ => throw InputValues.Malformed(path, value.GetRawText(), "a number"),
    };

    private AwsException Wrong(string name, JsonElement value, string expected) =>
        new(400, "SerializationException", $"The value {value.GetRawText()} for {PathOf(name)} is not {expected}.".ToString(CultureInfo.InvariantCulture));
}
