using System.Text;
using Gatehouse.Identity;
using Gatehouse.Identity.SigV4;

namespace Gatehouse.UnitTests.Identity.SigV4;

/// <summary>
/// AWS's SigV4 test vectors (botocore's copy of the aws4_testsuite) in the shared reference beside the repository:
/// for each case the request (<c>.req</c>), canonical request (<c>.creq</c>), string to sign (<c>.sts</c>),
/// Authorization header (<c>.authz</c>) and signed request (<c>.sreq</c>). Absent in a plain clone; the tests skip then.
/// </summary>
internal static class SigV4TestSuite
{
    // The suite's fixed inputs (botocore's test_signers: the documented example key, the suite's date, scope).
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    /// <summary>The token that get-vanilla-with-session-token signs (its .creq shows it; its .req lacks it).</summary>
    public const string VanillaSessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

    /// <summary>The token of the two post-sts-token cases (their readme).</summary>
    public const string StsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    /// <summary>
    /// Every case, by folder. The comment says which canonical-URI rule it exercises. All of them pass under the rule
    /// AWS applies to every service but S3 (normalise the raw wire path, then percent-encode it once more); the
    /// normalize-path cases would fail under S3's rule (no normalisation). None has a '%' in its raw path, so encoding
    /// once or twice gives the same result here; the double encoding is covered by CanonicalRequestTests and the
    /// interop tests.
    /// </summary>
    public static readonly string[] Cases =
    [
        "get-header-key-duplicate",                  // repeated header: values joined with ',' in order
        "get-header-value-multiline",                // folded header: line breaks collapse to one space
        "get-header-value-order",                    // repeated header: order kept, not sorted
        "get-header-value-trim",                     // values trimmed, inner runs collapsed (inside quotes too)
        "get-unreserved",                            // unreserved characters stay as they are
        "get-utf8",                                  // raw UTF-8 in the path: encoded once (%E1%88%B4)
        "get-vanilla",
        "get-vanilla-empty-query-key",
        "get-vanilla-query",
        "get-vanilla-query-order-encoded",           // sorted by encoded name: %E1.. < Param < Param-3
        "get-vanilla-query-order-key",               // same name: sorted by value
        "get-vanilla-query-order-key-case",          // names sorted by byte, upper case first
        "get-vanilla-query-order-value",
        "get-vanilla-query-unreserved",
        "get-vanilla-utf8-query",                    // raw UTF-8 in the query: encoded
        "get-vanilla-with-session-token",            // token signed as a header (the .sreq's signature is wrong, see the test)
        "normalize-path/get-relative",               // non-S3 rule: /example/.. → /
        "normalize-path/get-relative-relative",      // non-S3 rule: /example1/example2/../.. → /
        "normalize-path/get-slash",                  // non-S3 rule: // → /
        "normalize-path/get-slash-dot-slash",        // non-S3 rule: /./ → /
        "normalize-path/get-slash-pointless-dot",    // non-S3 rule: /./example → /example
        "normalize-path/get-slashes",                // non-S3 rule: //example// → /example/
        "normalize-path/get-space",                  // a raw space in the path: %20
        "normalize-path/get-special-character",      // $ is reserved: %24
        "post-header-key-case",
        "post-header-key-sort",
        "post-header-value-case",                    // values keep their case
        "post-sts-token/post-sts-header-after",      // token added after signing: not signed, still required
        "post-sts-token/post-sts-header-before",     // token signed as a header
        "post-vanilla",
        "post-vanilla-empty-query-value",
        "post-vanilla-query",
        "post-x-www-form-urlencoded",                // body hashed; content-type signed
        "post-x-www-form-urlencoded-parameters",     // content-type with parameters
    ];

    /// <summary>The suite's place in the shared reference (AWS's SigV4 test vectors).</summary>
    public const string Reference = "sigv4-test-suite";

    public static string? Folder { get; } = SharedReference.PathOf(Reference);

    public static IEnumerable<object[]> CaseData => Folder is null ? [] : Cases.Select(c => new object[] { c });

    public static string Read(string testCase, string extension) =>
        File.ReadAllText(Path.Combine(Folder!, testCase, Path.GetFileName(testCase) + extension), Encoding.UTF8);

    /// <summary>The session token a case is signed with, if any.</summary>
    public static string? SessionToken(string testCase) => testCase switch
    {
        "get-vanilla-with-session-token" => VanillaSessionToken,
        "post-sts-token/post-sts-header-before" => StsToken,
        _ => null,
    };

    /// <summary>The credential the verifier knows for the suite's key, with the token the case's request carries.</summary>
    public static AccessKeyCredential Credential(string testCase) =>
        new(AccessKeyId, Secret, new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/example", "AIDAEXAMPLE") { UserName = "example" })
        {
            SessionToken = testCase switch
            {
                "get-vanilla-with-session-token" => VanillaSessionToken,
                "post-sts-token/post-sts-header-before" or "post-sts-token/post-sts-header-after" => StsToken,
                _ => null,
            },
        };

    /// <summary>Parses a .req/.sreq: request line, headers (folded lines joined), blank line, body.</summary>
    public static ParsedRequest Parse(string text)
    {
        var lines = text.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            var line = lines[i];
            if (char.IsWhiteSpace(line[0]))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        var body = i + 1 < lines.Length ? string.Join('\n', lines[(i + 1)..]) : "";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return new ParsedRequest(method, question < 0 ? target : target[..question], question < 0 ? "" : target[(question + 1)..],
            headers, Encoding.UTF8.GetBytes(body));
    }
}

internal sealed record ParsedRequest(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public SigV4Request ToVerifierRequest() => new(Method, RawPath, RawQuery, new SigV4HeaderList(Headers)) { Body = Body };

    public SigV4SigningRequest ToSigningRequest() => new(Method, RawPath) { RawQuery = RawQuery, Headers = Headers, Body = Body };
}
