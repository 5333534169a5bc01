namespace Gatehouse.Templates;

/// <summary>An element of <c>$map.entrySet()</c>: <c>key</c>/<c>getKey()</c>, <c>value</c>/<c>getValue()</c>;
/// prints <c>key=value</c> as Java's entries do.</summary>
internal sealed class MapEntry(string key, object? value) : InternalValue
{
    public string Key { get; } = key;

    public object? Value { get; } = value;

    public override string ToString() => $"{Key}={ValueText.ToText(Value, int.MaxValue)}";
}
