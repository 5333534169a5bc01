using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Verifies AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>), in the <c>Authorization</c> header form and the
/// presigned query form, as AWS does for every service but S3. One instance serves the whole process (it caches
/// derived signing keys); <see cref="Verify"/> is thread-safe and answers with a result, never an exception.
/// </summary>
public sealed class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The longest a presigned URL may live: <c>X-Amz-Expires</c> is 1 to 604800 seconds (7 days).</summary>
    public const int MaxExpiresSeconds = 604800;

    /// <summary>How far a request's time may be from the server's, either way.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string SignatureParameter = "X-Amz-Signature";

    private readonly ICredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly SigningKeyCache _keys = new();

    public SigV4Verifier(ICredentialSource credentials, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(time);
        _credentials = credentials;
        _time = time;
    }

    /// <summary>
    /// Authenticates a request signed for <paramref name="service"/> (the signing name: <c>execute-api</c>,
    /// <c>apigateway</c>, <c>lambda</c>, <c>iam</c>, <c>sts</c>, <c>monitoring</c>...) in <paramref name="region"/>
    /// (null accepts any region, for global services such as IAM).
    /// </summary>
    public SigV4Result Verify(in SigV4Request request, string service, string? region)
    {
        ArgumentNullException.ThrowIfNull(service);
        var authorization = request.Headers.Get("authorization");
        var presigned = HasPresignedParameters(request.RawQuery);
        if (string.IsNullOrEmpty(authorization))
        {
            return presigned
                ? VerifyPresigned(request, service, region)
                : SigV4Result.Failure(SigV4Errors.MissingAuthenticationToken);
        }

        return presigned
            ? SigV4Result.Failure(SigV4Errors.BothMechanisms)
            : VerifyHeader(request, authorization, service, region);
    }

    private SigV4Result VerifyHeader(in SigV4Request request, string authorization, string service, string? region)
    {
        var headers = request.Headers;
        var dateHeader = headers.Get("x-amz-date");
        var dateHeaderName = "X-Amz-Date";
        if (dateHeader is null)
        {
            dateHeader = headers.Get("date");
            dateHeaderName = "Date";
        }

        ReadOnlySpan<char> credential = default, signedHeaders = default, signature = default;
        bool hasCredential = false, hasSignedHeaders = false, hasSignature = false;
        var value = authorization.AsSpan().Trim();
        if (value.StartsWith(Algorithm, StringComparison.Ordinal) && value.Length > Algorithm.Length && char.IsWhiteSpace(value[Algorithm.Length]))
        {
            var parameters = value[Algorithm.Length..];
            foreach (var range in parameters.Split(','))
            {
                var part = parameters[range].Trim();
                if (part.IsEmpty)
                {
                    continue;
                }

                var eq = part.IndexOf('=');
                if (eq < 0)
                {
                    return SigV4Result.Failure(SigV4Errors.MissingEqualSign(part.ToString(), authorization));
                }

                var name = part[..eq].Trim();
                var partValue = part[(eq + 1)..].Trim();
                if (name is "Credential")
                {
                    credential = partValue;
                    hasCredential = true;
                }
                else if (name is "SignedHeaders")
                {
                    signedHeaders = partValue;
                    hasSignedHeaders = true;
                }
                else if (name is "Signature")
                {
                    signature = partValue;
                    hasSignature = true;
                }
            }
        }

        if (!hasCredential || !hasSignedHeaders || !hasSignature || dateHeader is null)
        {
            return SigV4Result.Failure(SigV4Errors.IncompleteHeader(hasCredential, hasSignature, hasSignedHeaders, dateHeader is not null, authorization));
        }

        DateTimeOffset time;
        scoped ReadOnlySpan<char> timestamp;
        Span<char> formatted = stackalloc char[AmzDate.Length];
        if (dateHeaderName is "X-Amz-Date")
        {
            if (!AmzDate.TryParseBasic(dateHeader.AsSpan().Trim(), out time))
            {
                return SigV4Result.Failure(SigV4Errors.MalformedDate(dateHeader));
            }

            timestamp = dateHeader.AsSpan().Trim();
        }
        else
        {
            if (!AmzDate.TryParseHttpDate(dateHeader.Trim(), out time) || !AmzDate.TryFormat(time, formatted))
            {
                return SigV4Result.Failure(SigV4Errors.MalformedDate(dateHeader));
            }

            timestamp = formatted;
        }

        if (!SignedHeaderNames.Contains(signedHeaders, "host"))
        {
            return SigV4Result.Failure(SigV4Errors.HostNotSigned);
        }

        if (!SignedHeaderNames.Contains(signedHeaders, dateHeaderName))
        {
            return SigV4Result.Failure(SigV4Errors.DateNotSigned(dateHeaderName));
        }

        var signed = new SignedParts(credential, signedHeaders, signature, timestamp, time)
        {
            SessionToken = headers.Get("x-amz-security-token"),
        };
        return VerifySigned(request, signed, service, region);
    }

    private SigV4Result VerifyPresigned(in SigV4Request request, string service, string? region)
    {
        ReadOnlySpan<char> algorithm = default, credential = default, date = default, expires = default, signedHeaders = default,
            signature = default, token = default;
        bool hasAlgorithm = false, hasCredential = false, hasDate = false, hasExpires = false, hasSignedHeaders = false,
            hasSignature = false, hasToken = false;
        var query = request.RawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var eq = pair.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var value = pair[(eq + 1)..];
            switch (pair[..eq])
            {
                case "X-Amz-Algorithm":
                    algorithm = value;
                    hasAlgorithm = true;
                    break;
                case "X-Amz-Credential":
                    credential = value;
                    hasCredential = true;
                    break;
                case "X-Amz-Date":
                    date = value;
                    hasDate = true;
                    break;
                case "X-Amz-Expires":
                    expires = value;
                    hasExpires = true;
                    break;
                case "X-Amz-SignedHeaders":
                    signedHeaders = value;
                    hasSignedHeaders = true;
                    break;
                case SignatureParameter:
                    signature = value;
                    hasSignature = true;
                    break;
                case "X-Amz-Security-Token":
                    token = value;
                    hasToken = true;
                    break;
                default: break;
            }
        }

        if (!hasAlgorithm || !hasCredential || !hasSignature || !hasSignedHeaders || !hasDate)
        {
            return SigV4Result.Failure(SigV4Errors.IncompleteQuery(hasAlgorithm, hasCredential, hasSignature, hasSignedHeaders, hasDate));
        }

        if (!algorithm.SequenceEqual(Algorithm))
        {
            return SigV4Result.Failure(SigV4Errors.UnsupportedQueryAlgorithm);
        }

        var expiresSeconds = 0;
        if (hasExpires)
        {
            if (!long.TryParse(expires, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return SigV4Result.Failure(SigV4Errors.ExpiresNotNumber);
            }

            if (seconds < 1)
            {
                return SigV4Result.Failure(SigV4Errors.ExpiresNegative);
            }

            if (seconds > MaxExpiresSeconds)
            {
                return SigV4Result.Failure(SigV4Errors.ExpiresTooLong);
            }

            expiresSeconds = (int)seconds;
        }

        var decodedDate = UriEncoding.Decode(date);
        if (!AmzDate.TryParseBasic(decodedDate, out var time))
        {
            return SigV4Result.Failure(SigV4Errors.MalformedDate(decodedDate));
        }

        var decodedSignedHeaders = UriEncoding.Decode(signedHeaders);
        if (!SignedHeaderNames.Contains(decodedSignedHeaders, "host"))
        {
            return SigV4Result.Failure(SigV4Errors.HostNotSigned);
        }

        var signed = new SignedParts(UriEncoding.Decode(credential), decodedSignedHeaders, signature, decodedDate, time)
        {
            SessionToken = hasToken ? UriEncoding.Decode(token) : null,
            ExpiresSeconds = expiresSeconds,
            Presigned = true,
        };
        return VerifySigned(request, signed, service, region);
    }

    /// <summary>The checks and the signature, once the header or query has been read.</summary>
    private SigV4Result VerifySigned(in SigV4Request request, in SignedParts signed, string service, string? region)
    {
        // Credential = AKID/YYYYMMDD/region/service/aws4_request.
        var credential = signed.Credential;
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5)
        {
            return SigV4Result.Failure(SigV4Errors.CredentialElements(credential.ToString()));
        }

        var accessKeyId = credential[parts[0]];
        var scopeDate = credential[parts[1]];
        var scopeRegion = credential[parts[2]];
        var scopeService = credential[parts[3]];
        var terminator = credential[parts[4]];
        var scope = credential[parts[1].Start..];
        if (terminator is not "aws4_request")
        {
            return SigV4Result.Failure(SigV4Errors.Terminator(terminator.ToString()));
        }

        if (!scopeService.SequenceEqual(service))
        {
            return SigV4Result.Failure(SigV4Errors.WrongService(service));
        }

        if (region is not null && !scopeRegion.SequenceEqual(region))
        {
            return SigV4Result.Failure(SigV4Errors.InvalidRegion);
        }

        if (!scopeDate.SequenceEqual(signed.Timestamp[..8]))
        {
            return SigV4Result.Failure(SigV4Errors.ScopeDate(scopeDate.ToString(), signed.Timestamp.ToString()));
        }

        var now = _time.GetUtcNow();
        if (signed.Time > now + MaxClockSkew)
        {
            return SigV4Result.Failure(SigV4Errors.NotYetCurrent(signed.Time, now, MaxClockSkew));
        }

        if (signed.ExpiresSeconds > 0)
        {
            if (signed.Time.AddSeconds(signed.ExpiresSeconds) < now)
            {
                return SigV4Result.Failure(SigV4Errors.PresignedExpired(signed.Time, now, signed.ExpiresSeconds));
            }
        }
        else if (signed.Time < now - MaxClockSkew)
        {
            return SigV4Result.Failure(SigV4Errors.SkewExpired(signed.Time, now, MaxClockSkew));
        }

        var key = _credentials.Find(accessKeyId.ToString());
        if (key is null || !SessionTokenMatches(key, signed.SessionToken))
        {
            return SigV4Result.Failure(SigV4Errors.InvalidSecurityToken);
        }

        Span<byte> initial = stackalloc byte[2048];
        var canonical = new ByteBuilder(initial);
        Span<byte> stsInitial = stackalloc byte[256];
        var stringToSign = new ByteBuilder(stsInitial);
        try
        {
            var missing = AppendCanonicalRequest(ref canonical, request, signed.SignedHeaders, signed.Presigned);
            if (missing is not null)
            {
                return SigV4Result.Failure(SigV4Errors.SignedHeaderMissing(missing));
            }

            AppendStringToSign(ref stringToSign, signed.Timestamp, scope, canonical.Written);
            var signingKey = _keys.Get(key.SecretAccessKey, scopeDate, scopeRegion, scopeService);
            Span<byte> computed = stackalloc byte[32];
            signingKey.Sign(stringToSign.Written, computed);
            if (!SignatureMatches(computed, signed.Signature))
            {
                return SigV4Result.Failure(SigV4Errors.Mismatch(canonical.ToString(), stringToSign.ToString()));
            }
        }
        finally
        {
            canonical.Dispose();
            stringToSign.Dispose();
        }

        return SigV4Result.Success(key, new SigV4Scope(
            ScopeDates.Get(scopeDate),
            region ?? scopeRegion.ToString(),
            service));
    }

    /// <summary>Writes the canonical request; returns the name of a signed header the request lacks, else null.</summary>
    internal static string? AppendCanonicalRequest(ref ByteBuilder builder, in SigV4Request request, ReadOnlySpan<char> signedHeaders, bool presigned)
    {
        builder.AppendUtf8(request.Method);
        builder.Append((byte)'\n');
        CanonicalRequest.AppendUri(ref builder, request.RawPath);
        builder.Append((byte)'\n');
        CanonicalRequest.AppendQuery(ref builder, request.RawQuery, presigned ? SignatureParameter : null);
        builder.Append((byte)'\n');
        foreach (var range in signedHeaders.Split(';'))
        {
            var name = SignedHeaderNames.ToName(signedHeaders[range]);
            var value = request.Headers.Get(name);
            if (value is null)
            {
                return name;
            }

            builder.AppendUtf8(name);
            builder.Append((byte)':');
            CanonicalRequest.AppendHeaderValue(ref builder, value);
            builder.Append((byte)'\n');
        }

        builder.Append((byte)'\n');
        builder.AppendUtf8(signedHeaders);
        builder.Append((byte)'\n');
        AppendPayloadHash(ref builder, request);
        return null;
    }

    /// <summary>
    /// <c>UNSIGNED-PAYLOAD</c> when the client said so; otherwise the hash of the body as received. A client's
    /// <c>x-amz-content-sha256</c> hash is not trusted: if it differs from the body's, the signature does not match.
    /// </summary>
    private static void AppendPayloadHash(ref ByteBuilder builder, in SigV4Request request)
    {
        if (request.Headers.Get("x-amz-content-sha256") is { } declared && declared.AsSpan().Trim() is SigV4Signer.UnsignedPayload)
        {
            builder.AppendUtf8(SigV4Signer.UnsignedPayload);
        }
        else if (request.BodySha256 is { } hash)
        {
            builder.AppendUtf8(hash);
        }
        else
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(request.Body.Span, digest);
            builder.AppendHex(digest);
        }
    }

    internal static void AppendStringToSign(ref ByteBuilder builder, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> scope, ReadOnlySpan<byte> canonicalRequest)
    {
        builder.AppendUtf8(Algorithm);
        builder.Append((byte)'\n');
        builder.AppendUtf8(timestamp);
        builder.Append((byte)'\n');
        builder.AppendUtf8(scope);
        builder.Append((byte)'\n');
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(canonicalRequest, digest);
        builder.AppendHex(digest);
    }

    /// <summary>Compares in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>) after decoding the hex.</summary>
    internal static bool SignatureMatches(ReadOnlySpan<byte> computed, ReadOnlySpan<char> providedHex)
    {
        Span<byte> provided = stackalloc byte[32];
        return providedHex.Length == 64 &&
               Convert.FromHexString(providedHex, provided, out _, out var written) == OperationStatus.Done &&
               written == 32 &&
               CryptographicOperations.FixedTimeEquals(computed, provided);
    }

    private static bool SessionTokenMatches(AccessKeyCredential key, string? token)
    {
        if (key.AcceptsAnySessionToken)
        {
            return true;
        }

        if (key.SessionToken is null || token is null)
        {
            return key.SessionToken is null && token is null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key.SessionToken), Encoding.UTF8.GetBytes(token));
    }

    private static bool HasPresignedParameters(string rawQuery) =>
        rawQuery.Length != 0 && rawQuery.Contains("X-Amz-", StringComparison.Ordinal) &&
        (HasParameter(rawQuery, "X-Amz-Algorithm") || HasParameter(rawQuery, "X-Amz-Credential") || HasParameter(rawQuery, SignatureParameter));

    private static bool HasParameter(string rawQuery, string name)
    {
        var query = rawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.StartsWith(name, StringComparison.Ordinal) && (pair.Length == name.Length || pair[name.Length] == '='))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the header or the query says about the signature.</summary>
    private readonly ref struct SignedParts(
        ReadOnlySpan<char> credential, ReadOnlySpan<char> signedHeaders, ReadOnlySpan<char> signature, ReadOnlySpan<char> timestamp, DateTimeOffset time)
    {
        public ReadOnlySpan<char> Credential { get; } = credential;

        public ReadOnlySpan<char> SignedHeaders { get; } = signedHeaders;

        public ReadOnlySpan<char> Signature { get; } = signature;

        /// <summary>The request time as the string to sign has it (ISO-8601 basic).</summary>
        public ReadOnlySpan<char> Timestamp { get; } = timestamp;

        public DateTimeOffset Time { get; } = time;

        public string? SessionToken { get; init; }

        /// <summary>A presigned URL's lifetime; 0 for none (the clock-skew window applies).</summary>
        public int ExpiresSeconds { get; init; }

        public bool Presigned { get; init; }
    }

    /// <summary>The scope date as a string, reused while requests keep signing the same day.</summary>
    private static class ScopeDates
    {
        private static string _last = "";

        public static string Get(ReadOnlySpan<char> date)
        {
            var last = Volatile.Read(ref _last);
            if (date.SequenceEqual(last))
            {
                return last;
            }

            var next = date.ToString();
            Volatile.Write(ref _last, next);
            return next;
        }
    }
}
