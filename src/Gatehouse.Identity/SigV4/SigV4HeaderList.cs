namespace Gatehouse.Identity.SigV4;

/// <summary>
/// A plain <see cref="ISigV4Headers"/>: headers added by name, case-insensitively, repeated names joined with
/// <c>,</c>. For tests, the signer, and callers that do not hold their headers in a dictionary of their own.
/// </summary>
public sealed class SigV4HeaderList : ISigV4Headers
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public SigV4HeaderList()
    {
    }

    public SigV4HeaderList(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            Add(name, value);
        }
    }

    /// <summary>Adds a value; a name added before gets <c>,value</c> appended, as a repeated header line would.</summary>
    public SigV4HeaderList Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = _values.TryGetValue(name, out var existing) ? existing + "," + value : value;
        return this;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);
}
