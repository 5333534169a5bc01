namespace Gatehouse.Templates;

/// <summary>
/// The engine's map: string keys in insertion order, as Java's LinkedHashMap that Velocity and API Gateway's JSON
/// parser hand to templates. Values are the engine's own types only: <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="TemplateMap"/>, <see cref="TemplateList"/> or null.
/// </summary>
public sealed class TemplateMap
{
    private readonly OrderedDictionary<string, object?> _entries;

    public TemplateMap() => _entries = new OrderedDictionary<string, object?>(StringComparer.Ordinal);

    public TemplateMap(IEqualityComparer<string> comparer) => _entries = new OrderedDictionary<string, object?>(comparer);

    public int Count => _entries.Count;

    public object? this[string key]
    {
        get => _entries.TryGetValue(key, out var value) ? value : null;
        set => _entries[key] = TemplateValues.Check(value);
    }

    public IEnumerable<string> Keys => _entries.Keys;

    public IEnumerable<KeyValuePair<string, object?>> Entries => _entries;

    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    public bool TryGetValue(string key, out object? value) => _entries.TryGetValue(key, out value);

    public bool Remove(string key) => _entries.Remove(key);

    public void Clear() => _entries.Clear();

    /// <summary>Gets the nested map under <paramref name="key"/>, adding an empty one if absent.</summary>
    public TemplateMap GetOrAddMap(string key)
    {
        if (_entries.TryGetValue(key, out var value) && value is TemplateMap map)
        {
            return map;
        }

        map = new TemplateMap();
        _entries[key] = map;
        return map;
    }

    /// <summary>A map of strings, e.g. stage variables or request parameters, in the given order.</summary>
    public static TemplateMap From(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new TemplateMap();
        foreach (var (key, value) in entries)
        {
            map._entries[key] = value;
        }

        return map;
    }
}
