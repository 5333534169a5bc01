using System.Text.Json;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>awsJson 1.0: members as JSON, timestamps as epoch seconds (with milliseconds as a fraction).</summary>
internal sealed class JsonShapeWriter(Utf8JsonWriter json) : IShapeWriter
{
    public void String(string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    public void Number(string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    public void Int(string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }

    public void Bool(string name, bool? value)
    {
        if (value is { } flag)
        {
            json.WriteBoolean(name, flag);
        }
    }

    public void Timestamp(string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteNumber(name, EpochSeconds(time));
        }
    }

    public void Structure(string name, Action<IShapeWriter> writeMembers)
    {
        json.WriteStartObject(name);
        writeMembers(this);
        json.WriteEndObject();
    }

    public void List<T>(string name, IEnumerable<T> items, Action<IShapeWriter, T> writeMember)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            writeMember(this, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public void StringList(string name, IEnumerable<string> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }

        json.WriteEndArray();
    }

    public void NumberList(string name, IEnumerable<double> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteNumberValue(item);
        }

        json.WriteEndArray();
    }

    public void TimestampList(string name, IEnumerable<DateTimeOffset> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteNumberValue(EpochSeconds(item));
        }

        json.WriteEndArray();
    }

    public void NumberMap(string name, IEnumerable<KeyValuePair<string, double>> entries)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in entries)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static decimal EpochSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000m;
}
