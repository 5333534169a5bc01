using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// The parameters of an AWS query-protocol request (<c>Action=CreateUser&amp;Version=2010-05-08&amp;UserName=…</c>), read from
/// a form body and the URL's query string, with botocore's list conventions: <c>Names.member.1</c>, <c>Names.member.2</c>
/// for a list of strings, <c>Tags.member.1.Key</c> for a list of structures, and <c>Tags=</c> for an empty list.
/// </summary>
public sealed class QueryRequest
{
    private readonly Dictionary<string, string> _parameters;

    private QueryRequest(Dictionary<string, string> parameters) => _parameters = parameters;

    public string? Action => Get("Action");

    public string? Version => Get("Version");

    /// <summary>Parses form-encoded text (<c>+</c> is a space, <c>%XX</c> UTF-8 escapes); the first of repeated names wins.</summary>
    public static QueryRequest Parse(string? formBody, string? queryString = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in new[] { formBody, queryString })
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var (name, values) in QueryHelpers.ParseQuery(text))
            {
                parameters.TryAdd(name, values.ToString().Length == 0 ? "" : values[0] ?? "");
            }
        }

        return new QueryRequest(parameters);
    }

    public string? Get(string name) => _parameters.GetValueOrDefault(name);

    /// <summary>Every parameter by name, for services whose inputs nest lists in structures (CloudWatch).</summary>
    public IReadOnlyDictionary<string, string> All => _parameters;

    /// <summary>Whether the parameter was sent at all (an empty value counts).</summary>
    public bool Has(string name) => _parameters.ContainsKey(name);

    /// <summary><c>{name}.member.N</c> values in the order of N; empty when absent or sent as <c>{name}=</c>.</summary>
    public IReadOnlyList<string> GetList(string name)
    {
        var prefix = name + ".member.";
        return [.. _parameters
            .Select(p => (Index: MemberIndex(p.Key, prefix, ""), p.Value))
            .Where(p => p.Index > 0)
            .OrderBy(p => p.Index)
            .Select(p => p.Value)];
    }

    /// <summary><c>{name}.member.N.{field}</c> values as one dictionary per N, in the order of N.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> GetStructureList(string name) => Numbered(name + ".member.");

    /// <summary>
    /// A map, <c>{name}.entry.N.{field}</c> (fields <c>key</c> and <c>value</c>, or the names the shape gives them), as
    /// one dictionary per entry, in the order of N.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> GetMapEntries(string name) => Numbered(name + ".entry.");

    private List<IReadOnlyDictionary<string, string>> Numbered(string prefix)
    {
        var members = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in _parameters)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                continue;
            }

            if (!members.TryGetValue(index, out var fields))
            {
                members[index] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            fields[rest[(dot + 1)..].ToString()] = value;
        }

        return [.. members.Values];
    }

    private static int MemberIndex(string key, string prefix, string suffix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal) || !key.EndsWith(suffix, StringComparison.Ordinal))
        {
            return 0;
        }

        var digits = key.AsSpan(prefix.Length, key.Length - prefix.Length - suffix.Length);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
    }

    public override string ToString() => $"QueryRequest {{ Action = {Action} }}";
}
