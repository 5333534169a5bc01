namespace Gatehouse.DataPlane.Apis;

/// <summary>
/// The live APIs, behind one reference that is swapped whole: a request reads it once and never takes a lock; a
/// request in flight keeps the snapshot it started with.
/// </summary>
public sealed class ApiRegistry
{
    private readonly Lock _writeGate = new();
    private Dictionary<string, CompiledApi> _apis = new(StringComparer.Ordinal);

    public CompiledApi? Find(string apiId) => Volatile.Read(ref _apis).GetValueOrDefault(apiId);

    public int Count => Volatile.Read(ref _apis).Count;

    public void Set(CompiledApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        lock (_writeGate)
        {
            var next = new Dictionary<string, CompiledApi>(_apis, StringComparer.Ordinal) { [api.ApiId] = api };
            Volatile.Write(ref _apis, next);
        }
    }

    public void Remove(string apiId)
    {
        lock (_writeGate)
        {
            var next = new Dictionary<string, CompiledApi>(_apis, StringComparer.Ordinal);
            next.Remove(apiId);
            Volatile.Write(ref _apis, next);
        }
    }
}
