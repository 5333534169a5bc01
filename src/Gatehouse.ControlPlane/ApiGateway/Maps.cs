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

    /// <summary>Sets or removes a key, as a patch op asks.</summary>
    public static IReadOnlyDictionary<string, TValue>? Patch<TValue>(IReadOnlyDictionary<string, TValue>? map, PatchContext patch, Func<TValue> value) =>
        patch.IsRemove ? Without(map, patch.Capture(patch.Captures.Count - 1)) : With(map, patch.Capture(patch.Captures.Count - 1), value());
}
