using System.Security.Cryptography;
using System.Text;
using Gatehouse.Identity;
using Gatehouse.Identity.SigV4;
using static Gatehouse.UnitTests.Identity.SigV4.SigV4TestKit;

namespace Gatehouse.UnitTests.Identity.SigV4;

/// <summary>
/// Given requests signed by our signer (as AWS SDKs sign them), When the verifier checks them as received or altered,
/// Then it accepts the genuine ones and answers the others with AWS's error code, message and status.
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string Mismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    /// <summary>The signed request's headers with <paramref name="name"/> replaced (null removes it).</summary>
    private static SigV4Request Altered(SigV4SigningRequest request, SigV4Signature signature, string name, string? value, string? rawQuery = null)
    {
        var headers = request.Headers.Concat(signature.HeadersToAdd).Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null)
        {
            headers.Add(new(name, value));
        }

        return new SigV4Request(request.Method, request.RawPath, rawQuery ?? signature.RawQuery, new SigV4HeaderList(headers)) { Body = request.Body };
    }

    private static SigV4Error AssertFails(SigV4Result result, string code, string message, int status = 403)
    {
        Assert.False(result.Succeeded, "expected a failure");
        Assert.Null(result.Credential);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(message, result.Error.Message);
        Assert.Equal(status, result.Error.StatusCode);
        return result.Error;
    }

    // ---- Round trips ----

    [Fact]
    public void Verify_HeaderFormSignedBySigner_ReturnsCredentialAndScope()
    {
        var request = Get("/production/pets?limit=10");
        var result = Verifier().Verify(Received(request, Signer().Sign(request)), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Same(LongTerm, result.Credential);
        Assert.Equal(new SigV4Scope("20240501", "us-east-1", "execute-api"), result.Scope);
    }

    [Fact]
    public void Verify_PresignedFormSignedBySigner_ReturnsCredential()
    {
        var request = Get("/production/pets?limit=10&name=a%20b");
        var signature = Signer().Presign(request, TimeSpan.FromMinutes(15));

        var result = Verifier().Verify(Received(request, signature), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Same(LongTerm, result.Credential);
        Assert.Contains("X-Amz-Expires=900", signature.RawQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TemporaryCredentialsHeaderForm_Accepted()
    {
        var request = Get("/production/pets");
        var signature = TemporarySigner().Sign(request);

        var result = Verifier().Verify(Received(request, signature), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Same(Temporary, result.Credential);
        Assert.Contains(new KeyValuePair<string, string>("X-Amz-Security-Token", SessionToken), signature.HeadersToAdd);
        Assert.Contains("x-amz-security-token", signature.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TemporaryCredentialsPresigned_Accepted()
    {
        var request = Get("/production/pets");
        var signature = TemporarySigner().Presign(request, TimeSpan.FromHours(1));

        var result = Verifier().Verify(Received(request, signature), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLE%2F%2Fsession%2Btoken%3D%3D", signature.RawQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnsignedPayload_AcceptsAnyBody()
    {
        var request = new SigV4SigningRequest("POST", "/production/upload")
        {
            Headers = [new("Host", "abc123.execute-api.localhost:8080")],
            Body = "signed body"u8.ToArray(),
            UnsignedPayload = true,
        };
        var signature = Signer().Sign(request);
        var received = Received(request, signature) with { Body = "another body"u8.ToArray() };

        var result = Verifier().Verify(received, Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.EndsWith("\nUNSIGNED-PAYLOAD", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BodyChangedAfterSigning_SignatureMismatch()
    {
        var request = new SigV4SigningRequest("POST", "/production/pets")
        {
            Headers = [new("Host", "abc123.execute-api.localhost:8080"), new("Content-Type", "application/json")],
            Body = """{"name":"rex"}"""u8.ToArray(),
        };
        var received = Received(request, Signer().Sign(request)) with { Body = """{"name":"max"}"""u8.ToArray() };

        var error = Verifier().Verify(received, Service, Region).Error;

        Assert.Equal("InvalidSignatureException", error?.Code);
        Assert.StartsWith(Mismatch, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ContentSha256HeaderMatchingBody_Accepted()
    {
        var request = new SigV4SigningRequest("PUT", "/production/pets/1")
        {
            Headers = [new("Host", "abc123.execute-api.localhost:8080")],
            Body = "payload"u8.ToArray(),
            AddContentSha256Header = true,
        };

        var result = Verifier().Verify(Received(request, Signer().Sign(request)), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Verify_ContentSha256HeaderNotTheBodysHash_SignatureMismatchShowsRealHash()
    {
        // The client declares (and signs) the hash of one body and sends another.
        var request = new SigV4SigningRequest("PUT", "/production/pets/1")
        {
            Headers = [new("Host", "abc123.execute-api.localhost:8080")],
            Body = "declared"u8.ToArray(),
            AddContentSha256Header = true,
        };
        var received = Received(request, Signer().Sign(request)) with { Body = "actually sent"u8.ToArray() };

        var error = Verifier().Verify(received, Service, Region).Error;

        Assert.Equal("InvalidSignatureException", error?.Code);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData("actually sent"u8)) + "'", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_BodySha256GivenByCaller_UsedInsteadOfBody()
    {
        var body = "streamed body"u8.ToArray();
        var request = new SigV4SigningRequest("POST", "/production/pets") { Headers = [new("Host", "h")], Body = body };
        var received = Received(request, Signer().Sign(request)) with { Body = default, BodySha256 = Convert.ToHexStringLower(SHA256.HashData(body)) };

        Assert.True(Verifier().Verify(received, Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_EscapedPathSignedDoubleEncoded_Accepted()
    {
        var request = Get("/production/@connections/a%20b%2Fc");
        var signature = Signer().Sign(request);

        var result = Verifier().Verify(Received(request, signature), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
        Assert.StartsWith("GET\n/production/%40connections/a%2520b%252Fc\n", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedWithDecodedPath_SignatureMismatch()
    {
        // A client that signed the decoded path (a%20b → a%20b, not a%2520b) is refused, as AWS refuses it.
        var signedAs = Get("/production/a b");
        var signature = Signer().Sign(signedAs);
        var received = Received(signedAs, signature);

        var result = Verifier().Verify(new SigV4Request("GET", "/production/a%20b", "", received.Headers), Service, Region);

        Assert.Equal("InvalidSignatureException", result.Error?.Code);
    }

    [Fact]
    public void Verify_QueryReorderedAndRepeatedNames_Accepted()
    {
        var request = Get("/production/search?b=2&a=x%20y&a=1&empty&c=%7e");
        var signature = Signer().Sign(request);

        var received = new SigV4Request("GET", "/production/search", "c=~&empty=&a=1&a=x%20y&b=2", Received(request, signature).Headers);

        Assert.True(Verifier().Verify(received, Service, Region).Succeeded);
        Assert.Contains("\na=1&a=x%20y&b=2&c=~&empty=\n", signature.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HeaderValuesRespacedOnTheWay_Accepted()
    {
        var request = Get("/production/pets", ("X-Custom", "a  b"));
        var signature = Signer().Sign(request);

        Assert.True(Verifier().Verify(Altered(request, signature, "X-Custom", "  a b "), Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_AuthorizationWithoutSpacesAfterCommas_Accepted()
    {
        var request = Get("/production/pets");
        var signature = Signer().Sign(request);
        var compact = signature.Authorization!.Replace(", ", ",", StringComparison.Ordinal).Replace("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256   ", StringComparison.Ordinal);

        Assert.True(Verifier().Verify(Altered(request, signature, "Authorization", compact), Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_DateHeaderInsteadOfXAmzDate_Accepted()
    {
        // Signed by hand (an independent implementation of the algorithm), as a client using the Date header would.
        const string date = "Wed, 01 May 2024 12:00:00 GMT";
        var canonical = $"GET\n/production/pets\n\ndate:{date}\nhost:h\n\ndate;host\n{Convert.ToHexStringLower(SHA256.HashData([]))}";
        var stringToSign = $"AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/us-east-1/execute-api/aws4_request\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + Secret);
        foreach (var part in new[] { "20240501", "us-east-1", "execute-api", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signatureHex = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var headers = new SigV4HeaderList().Add("Host", "h").Add("Date", date)
            .Add("Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20240501/us-east-1/execute-api/aws4_request, SignedHeaders=date;host, Signature={signatureHex}");

        var result = Verifier().Verify(new SigV4Request("GET", "/production/pets", "", headers), Service, Region);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Verify_NullRegion_AcceptsAnyRegion()
    {
        var request = Get("/");
        var signature = Signer("iam", "eu-west-3").Sign(request);

        var result = Verifier().Verify(Received(request, signature), "iam", region: null);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("eu-west-3", result.Scope.Region);
    }

    [Fact]
    public void Verify_DevelopmentKeyAcceptingAnyToken_AcceptsMadeUpToken()
    {
        var dev = new AccessKeyCredential("test", "test", SigV4TestKit.Identity) { AcceptsAnySessionToken = true };
        var verifier = new SigV4Verifier(new CredentialList(dev), new FixedTimeProvider(Now));
        var request = Get("/");
        var signature = new SigV4Signer("test", "test", Region, Service, new FixedTimeProvider(Now)) { SessionToken = "made-up" }.Sign(request);

        Assert.True(verifier.Verify(Received(request, signature), Service, Region).Succeeded);
        var withoutToken = new SigV4Signer("test", "test", Region, Service, new FixedTimeProvider(Now)).Sign(request);
        Assert.True(verifier.Verify(Received(request, withoutToken), Service, Region).Succeeded);
    }

    // ---- Missing and incomplete ----

    [Fact]
    public void Verify_NoAuthorizationAtAll_MissingAuthenticationToken()
    {
        var error = AssertFails(Verifier().Verify(new SigV4Request("GET", "/", "a=1", new SigV4HeaderList().Add("Host", "h")), Service, Region),
            "MissingAuthenticationTokenException", "Missing Authentication Token");

        Assert.Equal(SigV4ErrorKind.MissingAuthentication, error.Kind);
    }

    [Fact]
    public void Verify_BearerTokenWithoutDate_IncompleteSignatureNamingEveryPart()
    {
        var headers = new SigV4HeaderList().Add("Host", "h").Add("Authorization", "Bearer eyJ0eXAi");

        AssertFails(Verifier().Verify(new SigV4Request("GET", "/", "", headers), Service, Region), "IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
            "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
            "Authorization=Bearer eyJ0eXAi");
    }

    [Fact]
    public void Verify_HeaderWithoutSignature_IncompleteSignatureNamingIt()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var truncated = signature.Authorization![..signature.Authorization!.IndexOf(", Signature=", StringComparison.Ordinal)];

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", truncated), Service, Region), "IncompleteSignatureException",
            "Authorization header requires 'Signature' parameter. Authorization=" + truncated);
    }

    [Fact]
    public void Verify_HeaderWithoutDate_IncompleteSignatureNamingTheDate()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);

        AssertFails(Verifier().Verify(Altered(request, signature, "X-Amz-Date", null), Service, Region), "IncompleteSignatureException",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + signature.Authorization);
    }

    [Fact]
    public void Verify_PartWithoutEqualSign_IncompleteSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("Credential=", "Credential ", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "IncompleteSignatureException",
            $"'Credential {AccessKeyId}/20240501/us-east-1/execute-api/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '{broken}'.");
    }

    [Fact]
    public void Verify_CredentialWithThreeElements_IncompleteSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("/us-east-1/execute-api/", "/", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "IncompleteSignatureException",
            $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{AccessKeyId}/20240501/aws4_request'");
    }

    [Fact]
    public void Verify_WrongTerminator_InvalidSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("/aws4_request", "/aws5_request", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "InvalidSignatureException",
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
    }

    [Fact]
    public void Verify_MalformedXAmzDate_IncompleteSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);

        AssertFails(Verifier().Verify(Altered(request, signature, "X-Amz-Date", "2024-05-01T12:00:00Z"), Service, Region), "IncompleteSignatureException",
            "Date must be in ISO-8601 'basic format'. Got '2024-05-01T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    [Fact]
    public void Verify_HostNotSigned_IncompleteSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("SignedHeaders=host;", "SignedHeaders=", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "IncompleteSignatureException",
            "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Fact]
    public void Verify_XAmzDateHeaderNotSigned_IncompleteSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("SignedHeaders=host;x-amz-date", "SignedHeaders=host", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "IncompleteSignatureException",
            "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Fact]
    public void Verify_SignedHeaderAbsentFromRequest_IncompleteSignature()
    {
        var request = Get("/", ("X-Custom", "1"));
        var signature = Signer().Sign(request);

        AssertFails(Verifier().Verify(Altered(request, signature, "X-Custom", null), Service, Region), "IncompleteSignatureException",
            "'x-custom' is named as a SignedHeader, but it does not exist in the HTTP request.");
    }

    [Fact]
    public void Verify_HeaderAndPresignedQueryBoth_IncompleteSignature()
    {
        var request = Get("/");
        var presigned = Signer().Presign(request, TimeSpan.FromMinutes(5));
        var signed = Signer().Sign(request);

        var result = Verifier().Verify(Received(request, signed) is var r ? new SigV4Request("GET", "/", presigned.RawQuery, r.Headers) : default, Service, Region);

        Assert.Equal("IncompleteSignatureException", result.Error?.Code);
    }

    // ---- Credentials and tokens ----

    [Fact]
    public void Verify_UnknownAccessKey_UnrecognizedClient()
    {
        var request = Get("/");
        var signature = new SigV4Signer("AKIDUNKNOWN", Secret, Region, Service, new FixedTimeProvider(Now)).Sign(request);

        var error = AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "UnrecognizedClientException",
            "The security token included in the request is invalid.");
        Assert.Equal(SigV4ErrorKind.UnrecognizedClient, error.Kind);
    }

    [Fact]
    public void Verify_TemporaryKeyWithoutToken_UnrecognizedClient()
    {
        var request = Get("/");
        var signature = new SigV4Signer(TemporaryKeyId, TemporarySecret, Region, Service, new FixedTimeProvider(Now)).Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "UnrecognizedClientException",
            "The security token included in the request is invalid.");
    }

    [Fact]
    public void Verify_TemporaryKeyWithWrongToken_UnrecognizedClient()
    {
        var request = Get("/");
        var signature = new SigV4Signer(TemporaryKeyId, TemporarySecret, Region, Service, new FixedTimeProvider(Now)) { SessionToken = "other" }.Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "UnrecognizedClientException",
            "The security token included in the request is invalid.");
    }

    [Fact]
    public void Verify_LongTermKeyWithToken_UnrecognizedClient()
    {
        var request = Get("/");
        var signature = new SigV4Signer(AccessKeyId, Secret, Region, Service, new FixedTimeProvider(Now)) { SessionToken = "anything" }.Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "UnrecognizedClientException",
            "The security token included in the request is invalid.");
    }

    [Fact]
    public void Verify_WrongSecret_SignatureMismatchWithCanonicalStrings()
    {
        var request = Get("/production/pets?b=2&a=1");
        var signature = new SigV4Signer(AccessKeyId, "wrong-secret", Region, Service, new FixedTimeProvider(Now)).Sign(request);

        var error = Verifier().Verify(Received(request, signature), Service, Region).Error;

        Assert.Equal(new SigV4Error(error!.Kind, "InvalidSignatureException", error.Message, 403), error);
        Assert.Equal(SigV4ErrorKind.InvalidSignature, error.Kind);
        Assert.Equal(
            $"{Mismatch}\n\nThe Canonical String for this request should have been\n'{signature.CanonicalRequest}'\n\nThe String-to-Sign should have been\n'{signature.StringToSign}'\n",
            error.Message);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("last")]
    [InlineData("short")]
    [InlineData("not-hex")]
    [InlineData("upper")]
    public void Verify_TamperedSignature_SignatureMismatch(string how)
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var hex = signature.Signature;
        var tampered = how switch
        {
            "first" => (hex[0] == 'a' ? "b" : "a") + hex[1..],
            "last" => hex[..^1] + (hex[^1] == 'a' ? "b" : "a"),
            "short" => hex[..^2],
            "not-hex" => hex[..^1] + "z",
            _ => hex.ToUpperInvariant(),
        };
        var authorization = signature.Authorization!.Replace(hex, tampered, StringComparison.Ordinal);

        var result = Verifier().Verify(Altered(request, signature, "Authorization", authorization), Service, Region);

        // Upper-case hex is the same signature (compared as bytes); everything else is refused.
        if (how == "upper")
        {
            Assert.True(result.Succeeded, result.ToString());
        }
        else
        {
            Assert.Equal("InvalidSignatureException", result.Error?.Code);
        }
    }

    // ---- Scope ----

    [Fact]
    public void Verify_ScopedToAnotherService_InvalidSignatureNamingTheService()
    {
        var request = Get("/");
        var signature = Signer("apigateway").Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), "execute-api", Region), "InvalidSignatureException",
            "Credential should be scoped to correct service: 'execute-api'. ");
    }

    [Fact]
    public void Verify_ScopedToAnotherRegion_InvalidSignature()
    {
        var request = Get("/");
        var signature = Signer(region: "eu-west-1").Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "InvalidSignatureException",
            "Credential should be scoped to a valid region.");
    }

    [Fact]
    public void Verify_ScopeDateNotTheRequestDate_InvalidSignature()
    {
        var request = Get("/");
        var signature = Signer().Sign(request);
        var broken = signature.Authorization!.Replace("/20240501/", "/20240430/", StringComparison.Ordinal);

        AssertFails(Verifier().Verify(Altered(request, signature, "Authorization", broken), Service, Region), "InvalidSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240430' != '20240501', from '20240501T120000Z'.");
    }

    // ---- Time ----

    [Fact]
    public void Verify_SignedSixMinutesAgo_SignatureExpired()
    {
        var request = Get("/") with { Time = Now.AddMinutes(-6) };
        var signature = Signer().Sign(request);

        var error = AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "InvalidSignatureException",
            "Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)");
        Assert.Equal(SigV4ErrorKind.Expired, error.Kind);
    }

    [Fact]
    public void Verify_SignedSixMinutesAhead_SignatureNotYetCurrent()
    {
        var request = Get("/") with { Time = Now.AddMinutes(6) };
        var signature = Signer().Sign(request);

        AssertFails(Verifier().Verify(Received(request, signature), Service, Region), "InvalidSignatureException",
            "Signature not yet current: 20240501T120600Z is still later than 20240501T120500Z (20240501T120000Z + 5 min.)");
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void Verify_WithinFiveMinutesEitherWay_Accepted(int seconds)
    {
        var request = Get("/") with { Time = Now.AddSeconds(seconds) };

        Assert.True(Verifier().Verify(Received(request, Signer().Sign(request)), Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_PresignedWithinItsLifetimeBeyondFiveMinutes_Accepted()
    {
        var request = Get("/") with { Time = Now.AddMinutes(-30) };

        Assert.True(Verifier().Verify(Received(request, Signer().Presign(request, TimeSpan.FromHours(1))), Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_PresignedPastXAmzExpires_SignatureExpired()
    {
        var request = Get("/") with { Time = Now.AddSeconds(-61) };

        AssertFails(Verifier().Verify(Received(request, Signer().Presign(request, TimeSpan.FromSeconds(60))), Service, Region),
            "InvalidSignatureException", "Signature expired: 20240501T115859Z is now earlier than 20240501T115900Z (20240501T120000Z - 60 sec.)");
    }

    // ---- Presigned parameters ----

    private static SigV4Result VerifyQuery(string rawQuery) =>
        Verifier().Verify(new SigV4Request("GET", "/", rawQuery, new SigV4HeaderList().Add("Host", "abc123.execute-api.localhost:8080")), Service, Region);

    private static string PresignedQuery(string parameter, string value)
    {
        var request = Get("/");
        var query = Signer().Presign(request, TimeSpan.FromMinutes(5)).RawQuery;
        return string.Join('&', query.Split('&').Select(p => p.StartsWith(parameter + "=", StringComparison.Ordinal) ? parameter + "=" + value : p));
    }

    [Fact]
    public void Verify_PresignedWithOnlyAlgorithm_IncompleteSignatureNamingEveryParameter()
    {
        AssertFails(VerifyQuery("X-Amz-Algorithm=AWS4-HMAC-SHA256"), "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
            "Re-examine the query-string parameters.");
    }

    [Fact]
    public void Verify_PresignedWithOtherAlgorithm_400()
    {
        AssertFails(VerifyQuery(PresignedQuery("X-Amz-Algorithm", "AWS4-HMAC-SHA512")), "AuthorizationQueryParametersError",
            "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", 400);
    }

    [Theory]
    [InlineData("0", "X-Amz-Expires must be non-negative")]
    [InlineData("-5", "X-Amz-Expires must be non-negative")]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is; the given X-Amz-Expires must be less than 604800 seconds")]
    [InlineData("soon", "X-Amz-Expires should be a number")]
    public void Verify_PresignedExpiresOutOfRange_400(string expires, string message)
    {
        var error = AssertFails(VerifyQuery(PresignedQuery("X-Amz-Expires", expires)), "AuthorizationQueryParametersError", message, 400);

        Assert.Equal(SigV4ErrorKind.InvalidQueryParameters, error.Kind);
    }

    [Fact]
    public void Verify_PresignedMaximumExpires_Accepted()
    {
        var request = Get("/") with { Time = Now.AddDays(-6) };

        Assert.True(Verifier().Verify(Received(request, Signer().Presign(request, TimeSpan.FromSeconds(604800))), Service, Region).Succeeded);
    }

    [Fact]
    public void Verify_PresignedHostNotSigned_IncompleteSignature()
    {
        AssertFails(VerifyQuery(PresignedQuery("X-Amz-SignedHeaders", "x-custom")), "IncompleteSignatureException",
            "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Fact]
    public void Verify_PresignedSignatureAltered_SignatureMismatch()
    {
        Assert.Equal("InvalidSignatureException", VerifyQuery(PresignedQuery("X-Amz-Signature", new string('0', 64))).Error?.Code);
    }

    [Fact]
    public void Verify_PresignedMalformedDate_IncompleteSignature()
    {
        AssertFails(VerifyQuery(PresignedQuery("X-Amz-Date", "20240501")), "IncompleteSignatureException",
            "Date must be in ISO-8601 'basic format'. Got '20240501'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    // ---- The comparison ----

    [Fact]
    public void SignatureMatches_ComparesDecodedBytes()
    {
        var computed = SHA256.HashData("x"u8);
        var hex = Convert.ToHexStringLower(computed);

        Assert.True(SigV4Verifier.SignatureMatches(computed, hex));
        Assert.True(SigV4Verifier.SignatureMatches(computed, hex.ToUpperInvariant()));
        Assert.False(SigV4Verifier.SignatureMatches(computed, "0" + hex[1..]));
        Assert.False(SigV4Verifier.SignatureMatches(computed, hex[..^1] + "0" == hex ? hex[..^1] + "1" : hex[..^1] + "0"));
        Assert.False(SigV4Verifier.SignatureMatches(computed, hex + "00"));
        Assert.False(SigV4Verifier.SignatureMatches(computed, ""));
    }
}
