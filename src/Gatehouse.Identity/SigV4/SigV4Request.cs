namespace Gatehouse.Identity.SigV4;

/// <summary>
/// A request to verify, as it came off the wire. The path and query are the raw ones (percent-encoding intact): in
/// ASP.NET, <c>IHttpRequestFeature.RawTarget</c>, not <c>HttpRequest.Path</c>, which is decoded (a client that sent
/// <c>a%20b</c> signed <c>a%2520b</c>, and only the raw path can tell).
/// </summary>
public readonly struct SigV4Request
{
    public SigV4Request(string method, string rawPath, string rawQuery, ISigV4Headers headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(rawQuery);
        ArgumentNullException.ThrowIfNull(headers);
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Headers = headers;
    }

    /// <summary>The HTTP method, as sent (<c>GET</c>).</summary>
    public string Method { get; }

    /// <summary>The path as sent, without the query: <c>/production/@connections/a%20b</c>.</summary>
    public string RawPath { get; }

    /// <summary>The query as sent, without the <c>?</c>; empty when there is none.</summary>
    public string RawQuery { get; }

    public ISigV4Headers Headers { get; }

    /// <summary>The whole body (the data plane buffers it). Ignored when <see cref="BodySha256"/> is given.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The body's SHA-256 as 64 lower-case hex digits, for a caller that hashed it itself (a streamed body); null to
    /// have <see cref="Body"/> hashed. Not needed when the client sent <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c>.
    /// </summary>
    public string? BodySha256 { get; init; }

    /// <summary>Splits a raw request target (<c>/path?query</c>) into <see cref="RawPath"/> and <see cref="RawQuery"/>.</summary>
    public static SigV4Request FromRawTarget(string method, string rawTarget, ISigV4Headers headers)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return question < 0
            ? new SigV4Request(method, rawTarget, "", headers)
            : new SigV4Request(method, rawTarget[..question], rawTarget[(question + 1)..], headers);
    }
}
