using System.Globalization;
using System.Text;
using System.Xml;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// Writes the members of a query-protocol answer as botocore reads them: one element per member, lists as
/// <c>&lt;Name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/Name&gt;</c>, timestamps in ISO 8601 UTC, booleans as <c>true</c>/<c>false</c>.
/// Text is escaped by <see cref="XmlWriter"/>; characters XML 1.0 cannot carry at all become U+FFFD.
/// </summary>
public sealed class QueryXmlWriter
{
    private readonly XmlWriter _writer;
    private readonly string _namespace;

    internal QueryXmlWriter(XmlWriter writer, string xmlNamespace)
    {
        _writer = writer;
        _namespace = xmlNamespace;
    }

    public void Start(string name) => _writer.WriteStartElement(name, _namespace);

    public void End() => _writer.WriteEndElement();

    /// <summary>An element with text; nothing at all when <paramref name="value"/> is null.</summary>
    public void Element(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        _writer.WriteStartElement(name, _namespace);
        _writer.WriteString(Sanitize(value));
        _writer.WriteEndElement();
    }

    public void Element(string name, bool value) => Element(name, value ? "true" : "false");

    public void Element(string name, int value) => Element(name, value.ToString(CultureInfo.InvariantCulture));

    public void Element(string name, DateTimeOffset value) =>
        Element(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>A structure: <c>&lt;name&gt;…&lt;/name&gt;</c> with the members <paramref name="writeMembers"/> writes.</summary>
    public void Structure(string name, Action writeMembers)
    {
        ArgumentNullException.ThrowIfNull(writeMembers);
        Start(name);
        writeMembers();
        End();
    }

    /// <summary>A list of structures: <c>&lt;name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/name&gt;</c> (an empty list is an empty element).</summary>
    public void List<T>(string name, IEnumerable<T> items, Action<QueryXmlWriter, T> writeMember)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(writeMember);
        Start(name);
        foreach (var item in items)
        {
            Start("member");
            writeMember(this, item);
            End();
        }

        End();
    }

    /// <summary>A list of strings: <c>&lt;name&gt;&lt;member&gt;text&lt;/member&gt;…&lt;/name&gt;</c>.</summary>
    public void StringList(string name, IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Start(name);
        foreach (var item in items)
        {
            Element("member", item);
        }

        End();
    }

    internal static string Sanitize(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var pair = i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]);
            var valid = pair || XmlConvert.IsXmlChar(value[i]);
            if (!valid)
            {
                builder ??= new StringBuilder(value, 0, i, value.Length);
                builder.Append('\uFFFD');
            }
            else
            {
                builder?.Append(value, i, pair ? 2 : 1);
            }

            if (pair)
            {
                i++;
            }
        }

        return builder?.ToString() ?? value;
    }
}
