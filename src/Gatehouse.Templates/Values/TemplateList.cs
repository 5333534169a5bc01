namespace Gatehouse.Templates;

/// <summary>
/// The engine's list. A list parsed from JSON (<see cref="IsJson"/>) renders as JSON text, as API Gateway's JSON
/// arrays do (<c>[{"foo":"bar"}]</c>); a list built by the template renders Java-style (<c>[1, 2]</c>).
/// </summary>
public sealed class TemplateList
{
    private readonly List<object?> _items;

    public TemplateList() => _items = [];

    public TemplateList(int capacity) => _items = new List<object?>(capacity);

    internal TemplateList(List<object?> items, bool isJson)
    {
        _items = items;
        IsJson = isJson;
    }

    /// <summary>True for a list that came from JSON: it renders as JSON.</summary>
    public bool IsJson { get; init; }

    public int Count => _items.Count;

    public object? this[int index]
    {
        get => _items[index];
        set => _items[index] = TemplateValues.Check(value);
    }

    public IReadOnlyList<object?> Items => _items;

    public void Add(object? value) => _items.Add(TemplateValues.Check(value));

    internal void Insert(int index, object? value) => _items.Insert(index, value);

    internal void RemoveAt(int index) => _items.RemoveAt(index);

    internal bool Remove(object? value) => _items.Remove(value);

    internal void Clear() => _items.Clear();

    internal int IndexOf(Predicate<object?> match) => _items.FindIndex(match);

    internal int LastIndexOf(Predicate<object?> match) => _items.FindLastIndex(match);

    /// <summary>A list of strings, e.g. a multi-value header.</summary>
    public static TemplateList From(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new TemplateList(items.Cast<object?>().ToList(), false);
    }
}
