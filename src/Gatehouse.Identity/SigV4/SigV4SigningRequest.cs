namespace Gatehouse.Identity.SigV4;

/// <summary>
/// A request to sign, described independently of any HTTP client: the method, the path and query exactly as they will
/// go on the wire, the headers that will be sent (with <c>Host</c>), and the body.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawPath">The path as sent (percent-encoded as it will be on the wire).</param>
public sealed record SigV4SigningRequest(string Method, string RawPath)
{
    /// <summary>The query as sent, without <c>?</c>.</summary>
    public string RawQuery { get; init; } = "";

    /// <summary>The headers that will be sent, <c>Host</c> included; all are signed except <see cref="SigV4Signer.UnsignedHeaders"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Send and sign <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c> instead of the body's hash.</summary>
    public bool UnsignedPayload { get; init; }

    /// <summary>Send and sign <c>x-amz-content-sha256: {hash of the body}</c>, as the JavaScript SDK does.</summary>
    public bool AddContentSha256Header { get; init; }

    /// <summary>Sign at this time instead of the signer's clock.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>
    /// The request for an absolute URI, as <c>HttpClient</c> sends it: path and query as <see cref="Uri"/> escapes
    /// them, <c>Host</c> its authority (the port only when it is not the scheme's default).
    /// </summary>
    public static SigV4SigningRequest FromUri(string method, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var all = new List<KeyValuePair<string, string>> { new("Host", uri.Authority) };
        if (headers is not null)
        {
            all.AddRange(headers.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)));
        }

        return new SigV4SigningRequest(method, uri.AbsolutePath) { RawQuery = uri.Query.TrimStart('?'), Headers = all };
    }
}
