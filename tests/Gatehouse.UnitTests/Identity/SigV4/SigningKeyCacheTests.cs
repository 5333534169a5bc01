using Gatehouse.Identity.SigV4;

namespace Gatehouse.UnitTests.Identity.SigV4;

public sealed class SigningKeyCacheTests
{
    [Fact]
    public void Derive_AwsDocumentationExample_IsAwsKey()
    {
        // AWS's "deriving a signing key" example: the documentation key, 20120215, us-east-1, iam.
        Span<byte> key = stackalloc byte[32];
        SigningKeyCache.Derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam", key);

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Get_SameScopeTwice_ReturnsTheCachedKey()
    {
        var cache = new SigningKeyCache();

        var first = cache.Get("secret", "20240501", "us-east-1", "execute-api");

        Assert.Same(first, cache.Get("secret", "20240501".AsSpan(), "us-east-1".AsSpan(), "execute-api".AsSpan()));
    }

    [Fact]
    public void Get_AnyPartDiffers_DerivesAnotherKey()
    {
        var cache = new SigningKeyCache();
        var key = Convert.ToHexStringLower(cache.Get("secret", "20240501", "us-east-1", "execute-api").Key);

        Assert.NotEqual(key, Convert.ToHexStringLower(cache.Get("secret2", "20240501", "us-east-1", "execute-api").Key));
        Assert.NotEqual(key, Convert.ToHexStringLower(cache.Get("secret", "20240502", "us-east-1", "execute-api").Key));
        Assert.NotEqual(key, Convert.ToHexStringLower(cache.Get("secret", "20240501", "us-east-2", "execute-api").Key));
        Assert.NotEqual(key, Convert.ToHexStringLower(cache.Get("secret", "20240501", "us-east-1", "apigateway").Key));
    }

    [Fact]
    public void Get_ManyMoreScopesThanSlots_StaysBoundedAndCorrect()
    {
        var cache = new SigningKeyCache(capacity: 8);
        Span<byte> expected = stackalloc byte[32];

        for (var i = 0; i < 1000; i++)
        {
            var region = "region-" + i;
            SigningKeyCache.Derive("secret", "20240501", region, "execute-api", expected);
            Assert.Equal(expected.ToArray(), cache.Get("secret", "20240501", region, "execute-api").Key);
        }

        Assert.Equal(8, cache.Capacity);
    }

    [Fact]
    public void Sign_ConcurrentCallers_EachGetsTheRightHmac()
    {
        var key = new SigningKeyCache().Get("secret", "20240501", "us-east-1", "execute-api");
        var failures = 0;

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var data = System.Text.Encoding.UTF8.GetBytes("string to sign " + i);
            Span<byte> signature = stackalloc byte[32];
            key.Sign(data, signature);
            if (!signature.SequenceEqual(System.Security.Cryptography.HMACSHA256.HashData(key.Key, data)))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
