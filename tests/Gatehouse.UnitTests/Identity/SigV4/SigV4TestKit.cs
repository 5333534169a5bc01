using Gatehouse.Identity;
using Gatehouse.Identity.SigV4;

namespace Gatehouse.UnitTests.Identity.SigV4;

/// <summary>A clock that says what the test says.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>An in-memory credential registry.</summary>
internal sealed class CredentialList(params AccessKeyCredential[] credentials) : ICredentialSource
{
    public AccessKeyCredential? Find(string accessKeyId) => credentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId);
}

/// <summary>Keys, a clock and a signer/verifier pair for the verifier's tests.</summary>
internal static class SigV4TestKit
{
    public const string AccessKeyId = "AKIDGATEHOUSETEST01";
    public const string Secret = "gatehouse/secret+key/for/unit/tests000";
    public const string TemporaryKeyId = "ASIAGATEHOUSETEST01";
    public const string TemporarySecret = "temporary/secret/for/unit/tests0000000";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLE//session+token==";
    public const string Region = "us-east-1";
    public const string Service = "execute-api";

    /// <summary>2024-05-01 12:00:00 UTC, the time every request here is signed and verified at unless a test moves the clock.</summary>
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly CallerIdentity Identity = new("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAEXAMPLEALICE") { UserName = "alice" };

    public static readonly AccessKeyCredential LongTerm = new(AccessKeyId, Secret, Identity);

    public static readonly AccessKeyCredential Temporary = new(TemporaryKeyId, TemporarySecret, Identity) { SessionToken = SessionToken };

    public static SigV4Verifier Verifier(FixedTimeProvider? clock = null) =>
        new(new CredentialList(LongTerm, Temporary), clock ?? new FixedTimeProvider(Now));

    public static SigV4Signer Signer(string service = Service, string region = Region) =>
        new(AccessKeyId, Secret, region, service, new FixedTimeProvider(Now));

    public static SigV4Signer TemporarySigner() =>
        new(TemporaryKeyId, TemporarySecret, Region, Service, new FixedTimeProvider(Now)) { SessionToken = SessionToken };

    /// <summary>The request as the server receives it after a client sent <paramref name="request"/> with the signature's headers.</summary>
    public static SigV4Request Received(SigV4SigningRequest request, SigV4Signature signature)
    {
        var headers = new SigV4HeaderList(request.Headers.Concat(signature.HeadersToAdd));
        return new SigV4Request(request.Method, request.RawPath, signature.RawQuery, headers) { Body = request.Body };
    }

    public static SigV4SigningRequest Get(string pathAndQuery, params (string Name, string Value)[] headers)
    {
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return new SigV4SigningRequest("GET", question < 0 ? pathAndQuery : pathAndQuery[..question])
        {
            RawQuery = question < 0 ? "" : pathAndQuery[(question + 1)..],
            Headers = [new("Host", "abc123.execute-api.localhost:8080"), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
        };
    }
}
