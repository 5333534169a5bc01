namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>How apigatewayv2 updates a string map: keys in the update are set, an empty value removes its key.</summary>
internal static class MapUpdate
{
    /// <param name="keepEmpty">Keys whose empty value is a real value rather than a removal.</param>
    public static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string> changes, Func<string, bool>? keepEmpty = null)
    {
        var merged = current?.ToDictionary() ?? [];
        foreach (var (key, value) in changes)
        {
            if (value.Length == 0 && keepEmpty?.Invoke(key) != true)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }
}
