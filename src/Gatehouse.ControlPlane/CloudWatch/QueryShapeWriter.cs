using System.Globalization;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>The query protocol's XML, as botocore reads CloudWatch's answers.</summary>
internal sealed class QueryShapeWriter(QueryXmlWriter xml) : IShapeWriter
{
    public void String(string name, string? value) => xml.Element(name, value);

    public void Number(string name, double? value) => xml.Element(name, value is { } number ? FormatNumber(number) : null);

    public void Int(string name, int? value)
    {
        if (value is { } number)
        {
            xml.Element(name, number);
        }
    }

    public void Bool(string name, bool? value)
    {
        if (value is { } flag)
        {
            xml.Element(name, flag);
        }
    }

    public void Timestamp(string name, DateTimeOffset? value) => xml.Element(name, value is { } time ? FormatTimestamp(time) : null);

    public void Structure(string name, Action<IShapeWriter> writeMembers) => xml.Structure(name, () => writeMembers(this));

    public void List<T>(string name, IEnumerable<T> items, Action<IShapeWriter, T> writeMember) =>
        xml.List(name, items, (_, item) => writeMember(this, item));

    public void StringList(string name, IEnumerable<string> items) => xml.StringList(name, items);

    public void NumberList(string name, IEnumerable<double> items) => xml.StringList(name, items.Select(FormatNumber));

    public void TimestampList(string name, IEnumerable<DateTimeOffset> items) => xml.StringList(name, items.Select(FormatTimestamp));

    public void NumberMap(string name, IEnumerable<KeyValuePair<string, double>> entries)
    {
        xml.Start(name);
        foreach (var (key, value) in entries)
        {
            xml.Start("entry");
            xml.Element("key", key);
            xml.Element("value", FormatNumber(value));
            xml.End();
        }

        xml.End();
    }

    private static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
