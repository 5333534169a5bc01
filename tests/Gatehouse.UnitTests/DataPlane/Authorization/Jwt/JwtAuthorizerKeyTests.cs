using System.Diagnostics;
using Gatehouse.DataPlane.Authorization.Jwt;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>
/// Given a JWT authorizer, its issuer's keys are fetched as AWS fetches them (OIDC discovery, then the JWKS; 1500 ms
/// timeouts; at most 150000 bytes), cached, refreshed on an unknown kid no more than once per interval, and kept when
/// the issuer fails.
/// </summary>
public sealed class JwtAuthorizerKeyTests
{
    [Fact]
    public async Task AuthorizeAsync_ManyRequests_KeysFetchedOnce()
    {
        await using var bed = await JwtTestBed.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.True((await bed.AuthorizeAsync(bed.Token(claims => claims["n"] = i))).IsAuthorized);
        }

        Assert.Equal(1, bed.Issuer.DiscoveryRequests);
        Assert.Equal(1, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_ConcurrentFirstRequests_ShareOneFetch()
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.ResponseDelay = TimeSpan.FromMilliseconds(300);
        var tokens = Enumerable.Range(0, 50).Select(i => bed.Token(claims => claims["n"] = i)).ToList();

        var results = await Task.WhenAll(tokens.Select(token => Task.Run(() => bed.AuthorizeAsync(token).AsTask())));

        Assert.All(results, result => Assert.True(result.IsAuthorized, result.ToString()));
        Assert.Equal(1, bed.Issuer.DiscoveryRequests);
        Assert.Equal(1, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_TwoAuthorizersForOneIssuer_ShareItsKeys()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var other = bed.CreateAuthorizer("other-app");

        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);
        Assert.True((await other.AuthorizeAsync(bed.Token(claims => claims["aud"] = "other-app"))).IsAuthorized);

        Assert.Equal(1, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_UnknownKidThenIssuerRotates_AcceptedAfterRefetch()
    {
        await using var bed = await JwtTestBed.StartAsync();
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);

        // A kid the issuer does not publish (yet): one refetch, still unknown.
        bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);
        await using (var elsewhere = await Gatehouse.Tests.Shared.Oidc.TestOidcIssuer.StartAsync())
        {
            var result = await bed.AuthorizeAsync(elsewhere.CreateToken(elsewhere.AddRsaKey("not-published"), bed.Claims()));
            Assert.Equal(JwtRejection.UnknownKey, result.Rejection);
            Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token's kid does not match a key of the issuer\"", result.WwwAuthenticate);
        }

        Assert.Equal(2, bed.Issuer.JwksRequests);

        // The issuer rotates: a new key, the old one gone. After the refresh interval a token with the new kid is
        // accepted (one more fetch), and the old kid is no longer known.
        var newKid = bed.Issuer.AddRsaKey();
        bed.Issuer.RemoveKey(bed.RsaKid);
        bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);

        var rotated = await bed.AuthorizeAsync(bed.Token(kid: newKid));

        Assert.True(rotated.IsAuthorized, rotated.ToString());
        Assert.Equal(3, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_NewKidWithinTheRefreshInterval_UnknownUntilTheIntervalPasses()
    {
        await using var bed = await JwtTestBed.StartAsync();
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);
        var newKid = bed.Issuer.AddRsaKey();

        // The first fetch was just now: the unknown kid may not trigger another one yet.
        var early = await bed.AuthorizeAsync(bed.Token(kid: newKid));
        bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);
        var later = await bed.AuthorizeAsync(bed.Token(kid: newKid));

        Assert.Equal(JwtRejection.UnknownKey, early.Rejection);
        Assert.True(later.IsAuthorized, later.ToString());
        Assert.Equal(2, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_FloodOfRandomKids_AtMostOneRefetchPerInterval()
    {
        await using var bed = await JwtTestBed.StartAsync();
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);

        for (var round = 0; round < 3; round++)
        {
            var flood = Enumerable.Range(0, 200)
                .Select(i => Gatehouse.Tests.Shared.Oidc.TestOidcIssuer.CreateRawToken(
                    new { alg = "RS256", kid = $"random-{round}-{i}" }, bed.Claims(), new byte[256]))
                .ToList();
            var results = await Task.WhenAll(flood.Select(token => Task.Run(() => bed.AuthorizeAsync(token).AsTask())));
            Assert.All(results, result => Assert.Equal(JwtRejection.UnknownKey, result.Rejection));
            bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);
        }

        // The first fetch (for the valid token) opened the first interval; then one per interval, however many
        // unknown kids arrived.
        Assert.Equal(3, bed.Issuer.DiscoveryRequests);
        Assert.Equal(3, bed.Issuer.JwksRequests);
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);
    }

    [Fact]
    public async Task AuthorizeAsync_IssuerTooSlow_UnauthorizedAfterTheTimeout()
    {
        await using var bed = await JwtTestBed.StartAsync(JwtTestBed.Defaults with { FetchTimeout = TimeSpan.FromMilliseconds(300) });
        bed.Issuer.ResponseDelay = TimeSpan.FromSeconds(5);
        var stopwatch = Stopwatch.StartNew();

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
        Assert.Equal("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the issuer's signing keys could not be retrieved\"", result.WwwAuthenticate);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"waited {stopwatch.Elapsed}");
        Assert.Equal(0, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_DefaultTimeout_IsAwsQuotaOf1500Milliseconds()
    {
        await using var bed = await JwtTestBed.StartAsync(new JwtValidatorOptions());
        bed.Issuer.ResponseDelay = TimeSpan.FromSeconds(4);
        var stopwatch = Stopwatch.StartNew();

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(3500));
    }

    [Fact]
    public async Task AuthorizeAsync_IssuerDown_UnauthorizedAndRetriedOnlyAfterTheInterval()
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.Unavailable = true;

        var first = await bed.AuthorizeAsync(bed.Token());
        var second = await bed.AuthorizeAsync(bed.Token());
        Assert.Equal(1, bed.Issuer.DiscoveryRequests);

        bed.Issuer.Unavailable = false;
        bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);
        var recovered = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, first.Rejection);
        Assert.Equal(JwtRejection.KeysUnavailable, second.Rejection);
        Assert.True(recovered.IsAuthorized, recovered.ToString());
        Assert.Equal(2, bed.Issuer.DiscoveryRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_IssuerDownAfterKeysFetched_KeepsServingTheLastGoodKeys()
    {
        await using var bed = await JwtTestBed.StartAsync();
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);
        bed.Issuer.Unavailable = true;

        // Past the key lifetime: a refresh is attempted (and fails), the old keys still verify.
        bed.Clock.Advance(bed.Validator.Options.KeyLifetime + TimeSpan.FromMinutes(1));
        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["n"] = 1));
        await WaitForAsync(() => bed.Issuer.DiscoveryRequests == 2);
        bed.Clock.Advance(bed.Validator.Options.MinRefreshInterval);
        var afterFailedRefresh = await bed.AuthorizeAsync(bed.Token(claims => claims["n"] = 2));

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.True(afterFailedRefresh.IsAuthorized, afterFailedRefresh.ToString());
    }

    [Fact]
    public async Task AuthorizeAsync_KeysOlderThanTheirLifetime_RefreshedInTheBackground()
    {
        await using var bed = await JwtTestBed.StartAsync();
        Assert.True((await bed.AuthorizeAsync(bed.Token())).IsAuthorized);
        bed.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await bed.AuthorizeAsync(bed.Token(claims => claims["n"] = 1))).IsAuthorized);
        Assert.Equal(1, bed.Issuer.JwksRequests);

        bed.Clock.Advance(TimeSpan.FromMinutes(2));
        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["n"] = 2));

        Assert.True(result.IsAuthorized, result.ToString());
        await WaitForAsync(() => bed.Issuer.JwksRequests == 2);
    }

    [Fact]
    public async Task AuthorizeAsync_JwksLargerThanTheLimit_KeysUnavailable()
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.JwksPaddingBytes = 150_000;

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
        Assert.Equal(1, bed.Issuer.JwksRequests);
    }

    [Fact]
    public async Task AuthorizeAsync_ChunkedJwksLargerThanTheLimit_KeysUnavailable()
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.ChunkedJwks = true;
        bed.Issuer.JwksPaddingBytes = 1_000_000;

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_ChunkedJwksWithinTheLimit_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.ChunkedJwks = true;
        bed.Issuer.JwksPaddingBytes = 140_000;

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"jwks_uri\":\"/relative/jwks\"}")]
    [InlineData("{\"jwks_uri\":\"file:///etc/passwd\"}")]
    [InlineData("{\"jwks_uri\":42}")]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task AuthorizeAsync_DiscoveryWithoutUsableJwksUri_KeysUnavailable(string discovery)
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.DiscoveryOverride = discovery;

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
        Assert.Equal(0, bed.Issuer.JwksRequests);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"keys\":\"nope\"}")]
    public async Task AuthorizeAsync_JwksNotAKeySet_KeysUnavailable(string jwks)
    {
        await using var bed = await JwtTestBed.StartAsync();
        bed.Issuer.JwksOverride = jwks;

        var result = await bed.AuthorizeAsync(bed.Token());

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_IssuerNotListening_KeysUnavailable()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var validator = new JwtValidator(JwtTestBed.Defaults, clock);
        await using var issuer = await Gatehouse.Tests.Shared.Oidc.TestOidcIssuer.StartAsync();
        var kid = issuer.AddRsaKey();
        var token = issuer.CreateToken(kid, issuer.Claims("app", clock.Now));
        var authorizer = validator.CreateAuthorizer(new JwtAuthorizerConfig("http://127.0.0.1:1", ["app"]));

        var result = await authorizer.AuthorizeAsync(token);

        Assert.Equal(JwtRejection.KeysUnavailable, result.Rejection);
    }

    [Fact]
    public async Task CreateAuthorizer_MoreIssuersThanTheCap_LeastRecentlyUsedDropped()
    {
        using var validator = new JwtValidator(new JwtValidatorOptions { MaxIssuers = 3 });

        for (var i = 0; i < 10; i++)
        {
            validator.CreateAuthorizer(new JwtAuthorizerConfig($"https://issuer{i}.example.com", ["app"]));
        }

        Assert.Equal(3, validator.Issuers.Count);
        Assert.True(validator.Issuers.Contains("https://issuer9.example.com"));
        await Task.CompletedTask;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }
}
