using System.Globalization;
using System.Security.Cryptography;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Signs requests with SigV4 as botocore does for every service but S3 (the same canonical request code as
/// <see cref="SigV4Verifier"/>): the header form (<see cref="Sign"/>) and the presigned query form (<see cref="Presign"/>).
/// </summary>
public sealed class SigV4Signer
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Headers never signed, as botocore: they may be changed on the way (and <c>Authorization</c> is the signature).</summary>
    public static readonly IReadOnlySet<string> UnsignedHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "expect", "x-amzn-trace-id", "connection",
    };

    private static readonly HashSet<string> OwnHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization",
    };

    private static readonly HashSet<string> OwnHeadersButContentSha256 = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-amz-date", "x-amz-security-token", "authorization",
    };

    private readonly string _secretAccessKey;
    private readonly TimeProvider _time;

    public SigV4Signer(string accessKeyId, string secretAccessKey, string region, string service, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(service);
        AccessKeyId = accessKeyId;
        _secretAccessKey = secretAccessKey;
        Region = region;
        Service = service;
        _time = time ?? TimeProvider.System;
    }

    public string AccessKeyId { get; }

    public string Region { get; }

    public string Service { get; }

    /// <summary>The session token of temporary credentials, sent as <c>X-Amz-Security-Token</c> and signed.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Signs in the header form: add <see cref="SigV4Signature.HeadersToAdd"/> to the request.</summary>
    public SigV4Signature Sign(SigV4SigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timestamp = AmzDate.Format(request.Time ?? _time.GetUtcNow());
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", timestamp) };
        if (SessionToken is not null)
        {
            added.Add(new("X-Amz-Security-Token", SessionToken));
        }

        if (request.UnsignedPayload)
        {
            added.Add(new("x-amz-content-sha256", UnsignedPayload));
        }
        else if (request.AddContentSha256Header)
        {
            added.Add(new("x-amz-content-sha256", Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))));
        }

        // The signer's own headers replace any the caller put there (a request signed again, a test vector's .req).
        var own = request.UnsignedPayload || request.AddContentSha256Header ? OwnHeaders : OwnHeadersButContentSha256;
        var (headers, signedHeaders) = SignedHeaders(request.Headers.Where(h => !own.Contains(h.Key)).Concat(added));
        var result = Compute(request, request.RawQuery, headers, signedHeaders, timestamp, presigned: false);
        var authorization = $"{SigV4Verifier.Algorithm} Credential={AccessKeyId}/{Scope(timestamp)}, SignedHeaders={signedHeaders}, Signature={result.Signature}";
        added.Add(new("Authorization", authorization));
        return result with { HeadersToAdd = added, Authorization = authorization };
    }

    /// <summary>Signs in the presigned form: send <see cref="SigV4Signature.PathAndQuery"/> with the request's headers.</summary>
    public SigV4Signature Presign(SigV4SigningRequest request, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(expiresIn, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expiresIn, TimeSpan.FromSeconds(SigV4Verifier.MaxExpiresSeconds));
        var timestamp = AmzDate.Format(request.Time ?? _time.GetUtcNow());
        var (headers, signedHeaders) = SignedHeaders(request.Headers);
        var query = new List<string>();
        if (request.RawQuery.Length > 0)
        {
            query.Add(request.RawQuery);
        }

        query.Add("X-Amz-Algorithm=" + SigV4Verifier.Algorithm);
        query.Add("X-Amz-Credential=" + Encode($"{AccessKeyId}/{Scope(timestamp)}"));
        query.Add("X-Amz-Date=" + timestamp);
        query.Add("X-Amz-Expires=" + ((int)expiresIn.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        query.Add("X-Amz-SignedHeaders=" + Encode(signedHeaders));
        if (SessionToken is not null)
        {
            query.Add("X-Amz-Security-Token=" + Encode(SessionToken));
        }

        var unsignedQuery = string.Join('&', query);
        var result = Compute(request, unsignedQuery, headers, signedHeaders, timestamp, presigned: true);
        var rawQuery = unsignedQuery + "&X-Amz-Signature=" + result.Signature;
        return result with { RawQuery = rawQuery, PathAndQuery = request.RawPath + "?" + rawQuery };
    }

    public override string ToString() => $"SigV4Signer {{ AccessKeyId = {AccessKeyId}, Region = {Region}, Service = {Service} }}";

    private string Scope(string timestamp) => $"{timestamp[..8]}/{Region}/{Service}/aws4_request";

    private SigV4Signature Compute(SigV4SigningRequest request, string rawQuery, SigV4HeaderList headers, string signedHeaders, string timestamp, bool presigned)
    {
        var wire = new SigV4Request(request.Method, request.RawPath, rawQuery, headers) { Body = request.Body };
        var canonical = new ByteBuilder(new byte[1024]);
        var stringToSign = new ByteBuilder(new byte[256]);
        try
        {
            SigV4Verifier.AppendCanonicalRequest(ref canonical, wire, signedHeaders, presigned);
            SigV4Verifier.AppendStringToSign(ref stringToSign, timestamp, Scope(timestamp), canonical.Written);
            Span<byte> key = stackalloc byte[SigningKeyCache.KeySize];
            SigningKeyCache.Derive(_secretAccessKey, timestamp.AsSpan(0, 8), Region, Service, key);
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, stringToSign.Written));
            CryptographicOperations.ZeroMemory(key);
            return new SigV4Signature
            {
                HeadersToAdd = [],
                RawQuery = rawQuery,
                PathAndQuery = rawQuery.Length == 0 ? request.RawPath : request.RawPath + "?" + rawQuery,
                CanonicalRequest = canonical.ToString(),
                StringToSign = stringToSign.ToString(),
                Signature = signature,
            };
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }
    }

    /// <summary>The headers keyed by name, and the sorted, lower-case <c>SignedHeaders</c> list; requires <c>Host</c>.</summary>
    private static (SigV4HeaderList Headers, string SignedHeaders) SignedHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var list = new SigV4HeaderList();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            if (UnsignedHeaders.Contains(name))
            {
                continue;
            }

            var lower = name.ToLowerInvariant();
            list.Add(lower, value);
            names.Add(lower);
        }

        if (!names.Contains("host"))
        {
            throw new ArgumentException("The request to sign needs a Host header (SigV4SigningRequest.FromUri adds it).", nameof(headers));
        }

        return (list, string.Join(';', names));
    }

    private static string Encode(string value)
    {
        var builder = new ByteBuilder(new byte[value.Length * 3 + 16]);
        UriEncoding.AppendEncoded(ref builder, value, keepSlash: false);
        return builder.ToString();
    }
}
