namespace Gatehouse.DataPlane.RestApis;

/// <summary>The live REST APIs, behind one reference swapped whole (as <see cref="Apis.ApiRegistry"/> for HTTP APIs).</summary>
public sealed class RestApiRegistry
{
    private readonly Lock _writeGate = new();
    private Dictionary<string, CompiledRestApi> _apis = new(StringComparer.Ordinal);

    public CompiledRestApi? Find(string apiId) => Volatile.Read(ref _apis).GetValueOrDefault(apiId);

    public int Count => Volatile.Read(ref _apis).Count;

    public void Set(CompiledRestApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        lock (_writeGate)
        {
            Volatile.Write(ref _apis, new Dictionary<string, CompiledRestApi>(_apis, StringComparer.Ordinal) { [api.ApiId] = api });
        }
    }

    public void Remove(string apiId)
    {
        lock (_writeGate)
        {
            var next = new Dictionary<string, CompiledRestApi>(_apis, StringComparer.Ordinal);
            next.Remove(apiId);
            Volatile.Write(ref _apis, next);
        }
    }
}
