using Gatehouse.Store.State;

namespace Gatehouse.UnitTests.Store.State;

public sealed class AuthorizerCacheKeysTests
{
    [Fact]
    public void Rest_StartsWithItsStagesPrefixOnly()
    {
        var key = AuthorizerCacheKeys.Rest("api1", "test", "auth1", "dep1", ["Bearer secret-token"]);

        Assert.StartsWith(AuthorizerCacheKeys.RestStage("api1", "test"), key, StringComparison.Ordinal);
        Assert.False(key.StartsWith(AuthorizerCacheKeys.RestStage("api1", "tes"), StringComparison.Ordinal));
        Assert.False(AuthorizerCacheKeys.Rest("api1", "test2", "auth1", "dep1", ["x"]).StartsWith(AuthorizerCacheKeys.RestStage("api1", "test"), StringComparison.Ordinal));
    }

    [Fact]
    public void RestAndHttp_IdentityValues_AreHashedNotKept()
    {
        var key = AuthorizerCacheKeys.Rest("api1", "test", "auth1", "dep1", ["Bearer secret-token", "q"]);

        Assert.DoesNotContain("secret-token", key, StringComparison.Ordinal);
        Assert.NotEqual(key, AuthorizerCacheKeys.Rest("api1", "test", "auth1", "dep1", ["Bearer secret-token", "r"]));
        Assert.NotEqual(key, AuthorizerCacheKeys.Rest("api1", "test", "auth1", "dep2", ["Bearer secret-token", "q"]));
        Assert.DoesNotContain("secret-token", AuthorizerCacheKeys.Http("api1", "auth1", "dep1", ["Bearer secret-token"]), StringComparison.Ordinal);
        Assert.NotEqual(AuthorizerCacheKeys.Http("api1", "auth1", "dep1", ["a"]), AuthorizerCacheKeys.Http("api1", "auth1", "dep2", ["a"]));
    }
}
