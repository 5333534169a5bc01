using System.Globalization;
using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// AWS's authentication errors, word for word where AWS's text is known (the API Gateway and STS answers quoted in
/// public issue threads and AWS's documentation); every one is a 403 except malformed presigned parameters (400).
/// </summary>
internal static class SigV4Errors
{
    public const string IncompleteSignatureCode = "IncompleteSignatureException";
    public const string InvalidSignatureCode = "InvalidSignatureException";
    public const string UnrecognizedClientCode = "UnrecognizedClientException";

    public const string MismatchText =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static readonly SigV4Error MissingAuthenticationToken =
        new(SigV4ErrorKind.MissingAuthentication, "MissingAuthenticationTokenException", "Missing Authentication Token", 403);

    public static readonly SigV4Error InvalidSecurityToken =
        new(SigV4ErrorKind.UnrecognizedClient, UnrecognizedClientCode, "The security token included in the request is invalid.", 403);

    public static readonly SigV4Error InvalidRegion =
        new(SigV4ErrorKind.InvalidSignature, InvalidSignatureCode, "Credential should be scoped to a valid region.", 403);

    public static readonly SigV4Error HostNotSigned =
        Incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");

    public static readonly SigV4Error BothMechanisms =
        Incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.");

    public static readonly SigV4Error UnsupportedQueryAlgorithm =
        new(SigV4ErrorKind.InvalidQueryParameters, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", 400);

    public static readonly SigV4Error ExpiresNotNumber =
        new(SigV4ErrorKind.InvalidQueryParameters, "AuthorizationQueryParametersError", "X-Amz-Expires should be a number", 400);

    public static readonly SigV4Error ExpiresNegative =
        new(SigV4ErrorKind.InvalidQueryParameters, "AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative", 400);

    public static readonly SigV4Error ExpiresTooLong =
        new(SigV4ErrorKind.InvalidQueryParameters, "AuthorizationQueryParametersError",
            "X-Amz-Expires must be less than a week (in seconds) that is; the given X-Amz-Expires must be less than 604800 seconds", 400);

    public static SigV4Error Incomplete(string message) => new(SigV4ErrorKind.IncompleteSignature, IncompleteSignatureCode, message, 403);

    /// <summary>An <c>Authorization</c> header that lacks parts: AWS names each one, then echoes the header.</summary>
    public static SigV4Error IncompleteHeader(bool credential, bool signature, bool signedHeaders, bool date, string header)
    {
        var message = new StringBuilder();
        if (!credential)
        {
            message.Append("Authorization header requires 'Credential' parameter. ");
        }

        if (!signature)
        {
            message.Append("Authorization header requires 'Signature' parameter. ");
        }

        if (!signedHeaders)
        {
            message.Append("Authorization header requires 'SignedHeaders' parameter. ");
        }

        if (!date)
        {
            message.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }

        message.Append("Authorization=").Append(header);
        return Incomplete(message.ToString());
    }

    /// <summary>A presigned URL that lacks parameters: AWS names each one.</summary>
    public static SigV4Error IncompleteQuery(bool algorithm, bool credential, bool signature, bool signedHeaders, bool date)
    {
        var message = new StringBuilder();
        foreach (var (present, name) in new[]
                 {
                     (algorithm, "X-Amz-Algorithm"), (credential, "X-Amz-Credential"), (signature, "X-Amz-Signature"),
                     (signedHeaders, "X-Amz-SignedHeaders"), (date, "X-Amz-Date"),
                 })
        {
            if (!present)
            {
                message.Append("AWS query-string parameters must include '").Append(name).Append("'. ");
            }
        }

        message.Append("Re-examine the query-string parameters.");
        return Incomplete(message.ToString());
    }

    public static SigV4Error MissingEqualSign(string part, string header) =>
        Incomplete($"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");

    public static SigV4Error CredentialElements(string credential) =>
        Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");

    public static SigV4Error Terminator(string terminator) =>
        new(SigV4ErrorKind.InvalidSignature, InvalidSignatureCode, $"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'.", 403);

    public static SigV4Error WrongService(string expected) =>
        new(SigV4ErrorKind.InvalidSignature, InvalidSignatureCode, $"Credential should be scoped to correct service: '{expected}'. ", 403);

    public static SigV4Error ScopeDate(string scopeDate, string requestTimestamp) =>
        new(SigV4ErrorKind.InvalidSignature, InvalidSignatureCode,
            $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{requestTimestamp[..8]}', from '{requestTimestamp}'.", 403);

    public static SigV4Error MalformedDate(string value) =>
        Incomplete($"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601");

    public static SigV4Error DateNotSigned(string header) =>
        Incomplete($"'{header}' must be a 'SignedHeader' in the AWS Authorization.");

    public static SigV4Error SignedHeaderMissing(string name) =>
        Incomplete($"'{name}' is named as a SignedHeader, but it does not exist in the HTTP request.");

    /// <summary>Beyond the 5-minute skew: <c>Signature expired: {t} is now earlier than {now-5} ({now} - 5 min.)</c>.</summary>
    public static SigV4Error SkewExpired(DateTimeOffset requestTime, DateTimeOffset now, TimeSpan skew) =>
        new(SigV4ErrorKind.Expired, InvalidSignatureCode,
            $"Signature expired: {AmzDate.Format(requestTime)} is now earlier than {AmzDate.Format(now - skew)} ({AmzDate.Format(now)} - {Minutes(skew)} min.)", 403);

    public static SigV4Error NotYetCurrent(DateTimeOffset requestTime, DateTimeOffset now, TimeSpan skew) =>
        new(SigV4ErrorKind.Expired, InvalidSignatureCode,
            $"Signature not yet current: {AmzDate.Format(requestTime)} is still later than {AmzDate.Format(now + skew)} ({AmzDate.Format(now)} + {Minutes(skew)} min.)", 403);

    /// <summary>
    /// A presigned URL used after <c>X-Amz-Date + X-Amz-Expires</c>. AWS's text for non-S3 services is not published;
    /// this follows its clock-skew message with the URL's own lifetime.
    /// </summary>
    public static SigV4Error PresignedExpired(DateTimeOffset requestTime, DateTimeOffset now, int expiresSeconds) =>
        new(SigV4ErrorKind.Expired, InvalidSignatureCode,
            $"Signature expired: {AmzDate.Format(requestTime)} is now earlier than {AmzDate.Format(now.AddSeconds(-expiresSeconds))} ({AmzDate.Format(now)} - {expiresSeconds.ToString(CultureInfo.InvariantCulture)} sec.)", 403);

    /// <summary>AWS's mismatch answer, with the canonical request and string to sign it computed, as AWS shows them.</summary>
    public static SigV4Error Mismatch(string canonicalRequest, string stringToSign) =>
        new(SigV4ErrorKind.InvalidSignature, InvalidSignatureCode,
            $"{MismatchText}\n\nThe Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n", 403);

    private static string Minutes(TimeSpan skew) => ((int)skew.TotalMinutes).ToString(CultureInfo.InvariantCulture);
}
