namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// What API Gateway does to method response headers a non-proxy integration maps: the ones it sets itself or that
/// describe the connection are renamed <c>x-amzn-Remapped-{name}</c>, <c>Transfer-Encoding</c> is dropped (recorded
/// on AWS: test_apigateway_header_remapping_http[HTTP] and _aws[AWS]; facts §5.3).
/// </summary>
public static class MethodResponseHeaders
{
    private static readonly HashSet<string> Remapped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Connection", "Content-Length", "Content-MD5", "Date", "Expect", "Host", "Max-Forwards",
        "Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate",
    };

    public static List<KeyValuePair<string, string>> Remap(List<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            result.Add(Remapped.Contains(name) ? new("x-amzn-Remapped-" + name, value) : new(name, value));
        }

        return result;
    }
}
