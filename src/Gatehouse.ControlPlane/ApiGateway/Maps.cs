namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>Immutable edits of the string-keyed maps of REST API resources.</summary>
internal static class Maps
{
    public static IReadOnlyDictionary<string, TValue> With<TValue>(IReadOnlyDictionary<string, TValue>? map, string key, TValue value)
    {
        var copy = map is null ? new Dictionary<string, TValue>(StringComparer.Ordinal) : new Dictionary<string, TValue>(map, StringComparer.Ordinal);
        copy[key] = value;
        return copy;
    }

    /// <summary>The map without <paramref name="key"/>; null when nothing is left.</summary>
    public static IReadOnlyDictionary<string, TValue>? Without<TValue>(IReadOnlyDictionary<string, TValue>? map, string key)
    {
        if (map is null || !map.ContainsKey(key))
        {
            return map;
        }

        var copy = new Dictionary<string, TValue>(map, StringComparer.Ordinal);
        copy.Remove(key);
        return copy.Count == 0 ? null : copy;
    }

    /// <summary>
    /// Sets or removes a key, as a patch op asks, where <c>replace</c> and <c>remove</c> need the key to be there: AWS
    /// answers a method response's missing header or model with a 404 (<paramref name="notFound"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, TValue>? PatchExisting<TValue>(IReadOnlyDictionary<string, TValue>? map, PatchContext patch, Func<TValue> value,
        Func<AwsException> notFound)
    {
        if (patch.Op is PatchOps.Remove or PatchOps.Replace && map?.ContainsKey(patch.Capture(patch.Captures.Count - 1)) != true)
        {
            throw notFound();
        }

        return Patch(map, patch, value);
    }

    /// <summary>Sets or removes a key, as a patch op asks.</summary>
    public static IReadOnlyDictionary<string, TValue>? Patch<TValue>(IReadOnlyDictionary<string, TValue>? map, PatchContext patch, Func<TValue> value) =>
        patch.IsRemove ? Without(map, patch.Capture(patch.Captures.Count - 1)) : With(map, patch.Capture(patch.Captures.Count - 1), value());
}
