using System.Globalization;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// The members of a query-protocol request at one level of nesting: its parameters with names relative to that level
/// (<c>Value</c>, <c>Dimensions.member.1.Name</c>) and the path of the level for messages.
/// </summary>
internal sealed class QueryInput : ICloudWatchInput
{
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly string _path;

    private QueryInput(IReadOnlyDictionary<string, string> parameters, string path)
    {
        _parameters = parameters;
        _path = path;
    }

    public static QueryInput Of(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new QueryInput(request.All, "");
    }

    public string PathOf(string name) => _path + name;

    public bool Has(string name) => _parameters.ContainsKey(name) || _parameters.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal));

    public string? String(string name) => _parameters.GetValueOrDefault(name);

    public double? Double(string name) => String(name) is { } text ? InputValues.ParseDouble(PathOf(name), text) : null;

    public int? Int(string name) => String(name) is { } text ? InputValues.ParseInt(PathOf(name), text) : null;

    public bool? Bool(string name) => String(name) is { } text ? InputValues.ParseBool(PathOf(name), text) : null;

    public DateTimeOffset? Timestamp(string name) => String(name) is { } text ? InputValues.ParseTimestamp(PathOf(name), text) : null;

    public IReadOnlyList<string>? StringList(string name)
    {
        var members = Members(name);
        return members?.Select(m => m.Fields.GetValueOrDefault("") ?? "").ToList();
    }

    public IReadOnlyList<double>? DoubleList(string name)
    {
        var members = Members(name);
        return members?.Select(m => InputValues.ParseDouble($"{PathOf(name)}.member.{m.Index}", m.Fields.GetValueOrDefault("") ?? "")).ToList();
    }

    public IReadOnlyList<ICloudWatchInput>? List(string name)
    {
        var members = Members(name);
        return members?.Select(m => (ICloudWatchInput)new QueryInput(m.Fields, $"{PathOf(name)}.member.{m.Index}.")).ToList();
    }

    public ICloudWatchInput? Structure(string name)
    {
        var prefix = name + ".";
        var fields = _parameters.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[prefix.Length..], p => p.Value, StringComparer.Ordinal);
        return fields.Count == 0 ? null : new QueryInput(fields, PathOf(prefix));
    }

    /// <summary>
    /// The members of <c>{name}.member.N[.rest]</c> in the order of N, each with its fields by rest (<c>""</c> for a
    /// scalar member); an empty list for <c>{name}=</c>; null when absent.
    /// </summary>
    private List<(int Index, Dictionary<string, string> Fields)>? Members(string name)
    {
        var prefix = name + ".member.";
        var members = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in _parameters)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            var digits = dot < 0 ? rest : rest[..dot];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                throw new AwsException(400, "InvalidParameterValue", $"The parameter {PathOf(key)} has an invalid list index.");
            }

            if (!members.TryGetValue(index, out var fields))
            {
                members[index] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            fields[dot < 0 ? "" : rest[(dot + 1)..].ToString()] = value;
        }

        if (members.Count == 0)
        {
            return _parameters.ContainsKey(name) ? [] : null;
        }

        return [.. members.Select(m => (m.Key, m.Value))];
    }
}
