using Gatehouse.Store.State;

namespace Gatehouse.UnitTests.Store.State;

public sealed class RestAuthorizerCacheKeysTests
{
    [Fact]
    public void Result_StartsWithItsStagesPrefixOnly()
    {
        var key = RestAuthorizerCacheKeys.Result("api1", "test", "auth1", "dep1", ["Bearer secret-token"]);

        Assert.StartsWith(RestAuthorizerCacheKeys.Stage("api1", "test"), key, StringComparison.Ordinal);
        Assert.False(key.StartsWith(RestAuthorizerCacheKeys.Stage("api1", "tes"), StringComparison.Ordinal));
        Assert.False(RestAuthorizerCacheKeys.Result("api1", "test2", "auth1", "dep1", ["x"]).StartsWith(RestAuthorizerCacheKeys.Stage("api1", "test"), StringComparison.Ordinal));
    }

    [Fact]
    public void Result_IdentityValues_AreHashedNotKept()
    {
        var key = RestAuthorizerCacheKeys.Result("api1", "test", "auth1", "dep1", ["Bearer secret-token", "q"]);

        Assert.DoesNotContain("secret-token", key, StringComparison.Ordinal);
        Assert.NotEqual(key, RestAuthorizerCacheKeys.Result("api1", "test", "auth1", "dep1", ["Bearer secret-token", "r"]));
        Assert.NotEqual(key, RestAuthorizerCacheKeys.Result("api1", "test", "auth1", "dep2", ["Bearer secret-token", "q"]));
    }
}
