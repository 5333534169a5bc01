using Gatehouse.DataPlane.Authorization.Jwt;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>
/// A validated token is remembered briefly so a client repeating it skips the signature check; the memory never
/// changes an answer: entries end at the token's exp, belong to one authorizer, and are bounded in number.
/// </summary>
public sealed class JwtTokenCacheTests
{
    [Fact]
    public async Task AuthorizeAsync_SameTokenAgain_AnsweredFromTheCache()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token();

        var first = await bed.AuthorizeAsync(token);
        var second = await bed.AuthorizeAsync("Bearer " + token);

        Assert.True(first.IsAuthorized);
        Assert.Same(first, second);
        Assert.Equal(1, bed.Validator.Tokens.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_CachedTokenPastItsExp_Expired()
    {
        await using var bed = await JwtTestBed.StartAsync(JwtTestBed.Defaults with { TokenCacheTtl = TimeSpan.FromHours(2) });
        var token = bed.Token(claims => claims["exp"] = bed.Clock.Now.AddSeconds(30).ToUnixTimeSeconds());
        Assert.True((await bed.AuthorizeAsync(token)).IsAuthorized);

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        var result = await bed.AuthorizeAsync(token);

        Assert.Equal(JwtRejection.Expired, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_TokenCachedForOneAuthorizer_StillCheckedByAnother()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token();
        var otherAudience = bed.CreateAuthorizer("other-app");

        Assert.True((await bed.AuthorizeAsync(token)).IsAuthorized);
        var result = await otherAudience.AuthorizeAsync(token);

        Assert.Equal(JwtRejection.InvalidAudience, result.Rejection);
    }

    [Fact]
    public async Task AuthorizeAsync_RejectedToken_NotCached()
    {
        await using var bed = await JwtTestBed.StartAsync();

        await bed.AuthorizeAsync(bed.Token(claims => claims["aud"] = "someone-else"));

        Assert.Equal(0, bed.Validator.Tokens.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_CacheTurnedOff_NothingRemembered()
    {
        await using var bed = await JwtTestBed.StartAsync(JwtTestBed.Defaults with { TokenCacheCapacity = 0 });
        var token = bed.Token();

        var first = await bed.AuthorizeAsync(token);
        var second = await bed.AuthorizeAsync(token);

        Assert.True(second.IsAuthorized);
        Assert.NotSame(first, second);
        Assert.Equal(0, bed.Validator.Tokens.Count);
    }

    [Fact]
    public void Add_MoreThanTheCapacity_StaysBoundedAndKeepsRecentlyUsed()
    {
        var cache = new ValidatedTokenCache(100, TimeSpan.FromMinutes(1));
        var now = DateTimeOffset.UtcNow;
        var token = new ValidatedToken(new Dictionary<string, string>(), [], now.AddHours(1));
        cache.Add(1, "hot", token, now);

        for (var i = 0; i < 1_000; i++)
        {
            now = now.AddMilliseconds(1);
            cache.Add(1, $"token-{i}", token, now);
            Assert.True(cache.TryGet(1, "hot", now, out _), $"the hot entry was evicted after {i} additions");
        }

        Assert.InRange(cache.Count, 1, 100);
    }

    [Fact]
    public void TryGet_PastTheTtl_Miss()
    {
        var cache = new ValidatedTokenCache(10, TimeSpan.FromSeconds(60));
        var now = DateTimeOffset.UtcNow;
        cache.Add(1, "t", new ValidatedToken(new Dictionary<string, string>(), [], now.AddHours(1)), now);

        Assert.True(cache.TryGet(1, "t", now.AddSeconds(59), out _));
        Assert.False(cache.TryGet(1, "t", now.AddSeconds(61), out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryGet_OtherAuthorizerOrOtherText_Miss()
    {
        var cache = new ValidatedTokenCache(10, TimeSpan.FromSeconds(60));
        var now = DateTimeOffset.UtcNow;
        cache.Add(1, "a.b.c", new ValidatedToken(new Dictionary<string, string>(), [], now.AddHours(1)), now);

        Assert.True(cache.TryGet(1, "Bearer a.b.c".AsSpan(7), now, out _));
        Assert.False(cache.TryGet(2, "a.b.c", now, out _));
        Assert.False(cache.TryGet(1, "a.b.d", now, out _));
        Assert.False(cache.TryGet(1, "a.b.c.", now, out _));
    }

    [Fact]
    public void Add_TokenLongerThanTheCachedLimit_NotKept()
    {
        var cache = new ValidatedTokenCache(10, TimeSpan.FromSeconds(60));
        var now = DateTimeOffset.UtcNow;
        var token = new string('a', ValidatedTokenCache.MaxCachedTokenLength + 1);

        cache.Add(1, token, new ValidatedToken(new Dictionary<string, string>(), [], now.AddHours(1)), now);

        Assert.Equal(0, cache.Count);
    }
}
