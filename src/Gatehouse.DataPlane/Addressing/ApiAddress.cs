namespace Gatehouse.DataPlane.Addressing;

/// <summary>
/// Which API a request is for, and the path below it. Host style: <c>{apiId}.execute-api.{anything}</c>; path style:
/// <c>/_aws/execute-api/{apiId}/...</c>.
/// </summary>
public readonly record struct ApiAddress(string ApiId, string Path)
{
    public const string PathStylePrefix = "/_aws/execute-api/";
    private const string HostMarker = ".execute-api.";

    /// <summary>Resolves the address from the Host header and the raw request path (without query).</summary>
    public static bool TryResolve(string host, string rawPath, out ApiAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(rawPath);
        var marker = host.IndexOf(HostMarker, StringComparison.OrdinalIgnoreCase);
        if (marker > 0)
        {
            var apiId = host.AsSpan(0, marker);
            address = new ApiAddress(apiId.ContainsAnyInRange('A', 'Z') ? apiId.ToString().ToLowerInvariant() : apiId.ToString(),
                rawPath.Length == 0 ? "/" : rawPath);
            return true;
        }

        if (rawPath.StartsWith(PathStylePrefix, StringComparison.Ordinal))
        {
            var rest = rawPath.AsSpan(PathStylePrefix.Length);
            var slash = rest.IndexOf('/');
            var apiId = slash < 0 ? rest : rest[..slash];
            if (!apiId.IsEmpty)
            {
                address = new ApiAddress(apiId.ToString(), slash < 0 ? "/" : rest[slash..].ToString());
                return true;
            }
        }

        address = default;
        return false;
    }

    /// <summary>True when the request is for the data plane rather than the control plane.</summary>
    public static bool IsDataPlane(string host, string path) =>
        host.Contains(HostMarker, StringComparison.OrdinalIgnoreCase) || path.StartsWith(PathStylePrefix, StringComparison.Ordinal);
}
