namespace Gatehouse.Identity.SigV4;

/// <summary>
/// What signing produced: the headers to add to the request (header form) or the query to send (presigned form), and
/// the intermediate strings, for tests and for debugging a mismatch.
/// </summary>
public sealed record SigV4Signature
{
    /// <summary>
    /// Headers to add, in order: <c>X-Amz-Date</c>, then <c>X-Amz-Security-Token</c> and <c>x-amz-content-sha256</c>
    /// when used, then <c>Authorization</c>. Empty for a presigned request.
    /// </summary>
    public required IReadOnlyList<KeyValuePair<string, string>> HeadersToAdd { get; init; }

    /// <summary>The query to send: the request's own, plus the <c>X-Amz-*</c> parameters for a presigned request.</summary>
    public required string RawQuery { get; init; }

    /// <summary>The path and query to send (<c>/path?query</c>).</summary>
    public required string PathAndQuery { get; init; }

    public required string CanonicalRequest { get; init; }

    public required string StringToSign { get; init; }

    /// <summary>The signature, 64 lower-case hex digits.</summary>
    public required string Signature { get; init; }

    /// <summary>The <c>Authorization</c> header's value; null for a presigned request.</summary>
    public string? Authorization { get; init; }
}
