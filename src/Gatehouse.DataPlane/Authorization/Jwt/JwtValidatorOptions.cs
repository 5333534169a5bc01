namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// How JWT authorizers fetch keys and validate tokens. The defaults are AWS's where AWS states them (quotas: 1500 ms
/// discovery and JWKS timeouts, 150000-byte JWKS; the one-hour key cache) and ours where it does not (leeway, refresh
/// interval, caches).
/// </summary>
public sealed record JwtValidatorOptions
{
    /// <summary>
    /// Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>. AWS does not document one; a few seconds absorbs the skew
    /// between a local issuer and the gateway without accepting tokens that are meaningfully expired.
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long fetched keys are used before they are fetched again (AWS: about an hour, best effort).</summary>
    public TimeSpan KeyLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The least time between two fetches for one issuer, whatever triggers them (a token with an unknown <c>kid</c>, a
    /// failed fetch): a flood of tokens with random <c>kid</c>s cannot hammer the issuer.
    /// </summary>
    public TimeSpan MinRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of each of the two requests (discovery document, then JWKS), as AWS's quotas.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>The largest discovery document or JWKS read; a larger response fails the fetch (AWS: 150000 bytes).</summary>
    public int MaxResponseBytes { get; init; } = 150_000;

    /// <summary>
    /// Longer tokens are refused before any parsing. AWS caps the request line and headers of an HTTP API request at
    /// 10240 bytes together, so no longer token ever reaches AWS's authorizer.
    /// </summary>
    public int MaxTokenLength { get; init; } = 10_240;

    /// <summary>Issuers whose keys are kept at most; the least recently used is dropped beyond it.</summary>
    public int MaxIssuers { get; init; } = 256;

    /// <summary>
    /// Validated tokens remembered at most (0 turns the cache off). Tokens up to 4096 characters are cached, so the
    /// cache holds at most about 32 MB of token text (about 8 MB with typical 1 KB tokens).
    /// </summary>
    public int TokenCacheCapacity { get; init; } = 4096;

    /// <summary>How long a validated token is remembered, never past its <c>exp</c>.</summary>
    public TimeSpan TokenCacheTtl { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Also accept ES256/ES384/ES512. AWS's HTTP APIs support only RSA-based algorithms (developer guide,
    /// "Authorizing API requests"), so this is off by default: a token AWS would refuse is refused here too.
    /// </summary>
    public bool AllowEcdsa { get; init; }
}
