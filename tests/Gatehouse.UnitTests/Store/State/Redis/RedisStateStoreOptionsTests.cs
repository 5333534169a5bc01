using Gatehouse.Store.State.Redis;

namespace Gatehouse.UnitTests.Store.State.Redis;

public sealed class RedisStateStoreOptionsTests
{
    [Fact]
    public void Parse_HostAndPort_DefaultsTheRest()
    {
        var options = RedisStateStoreOptions.Parse("redis://cache.internal:6380");

        Assert.Equal("cache.internal", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal(0, options.Database);
        Assert.Null(options.User);
        Assert.Null(options.Password);
        Assert.False(options.UseTls);
        Assert.Equal("gatehouse:", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.OperationTimeout);
    }

    [Fact]
    public void Parse_NoPort_Uses6379()
    {
        Assert.Equal(6379, RedisStateStoreOptions.Parse("redis://localhost").Port);
        Assert.Equal(6379, RedisStateStoreOptions.Parse("redis://localhost/").Port);
    }

    [Fact]
    public void Parse_PasswordAndDatabase_ReadsThem()
    {
        var options = RedisStateStoreOptions.Parse("redis://:s%40cret@10.0.0.5:6379/3");

        Assert.Equal("s@cret", options.Password);
        Assert.Null(options.User);
        Assert.Equal(3, options.Database);
        Assert.Equal("10.0.0.5", options.Host);
    }

    [Fact]
    public void Parse_UserAndPassword_ReadsBoth()
    {
        var options = RedisStateStoreOptions.Parse("redis://gatehouse:pw@host:1");

        Assert.Equal("gatehouse", options.User);
        Assert.Equal("pw", options.Password);
    }

    [Fact]
    public void Parse_PasswordWithSlashAndAt_ReadsItWhole()
    {
        var options = RedisStateStoreOptions.Parse("redis://:a/b@c@host:7000/2");

        Assert.Equal("a/b@c", options.Password);
        Assert.Equal("host", options.Host);
        Assert.Equal(7000, options.Port);
        Assert.Equal(2, options.Database);
    }

    [Fact]
    public void Parse_Rediss_UsesTls()
    {
        var options = RedisStateStoreOptions.Parse("REDISS://secure.example.com:6380");

        Assert.True(options.UseTls);
        Assert.Equal("secure.example.com", options.Host);
    }

    [Fact]
    public void Parse_BracketedIPv6_ReadsHostAndPort()
    {
        var options = RedisStateStoreOptions.Parse("redis://[::1]:6390");

        Assert.Equal("::1", options.Host);
        Assert.Equal(6390, options.Port);
        Assert.Equal("[::1]:6390", options.Endpoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("localhost:6379", "not a Redis address")]
    [InlineData("http://localhost:6379", "scheme 'http'")]
    [InlineData("redis://", "names no host")]
    [InlineData("redis://:6379", "names no host")]
    [InlineData("redis://host:0", "'0' in")]
    [InlineData("redis://host:65536", "'65536' in")]
    [InlineData("redis://host:port", "'port' in")]
    [InlineData("redis://host:-1", "'-1' in")]
    [InlineData("redis://host/x", "'x' in")]
    [InlineData("redis://host/-1", "'-1' in")]
    [InlineData("redis://host/1/2", "'1/2' in")]
    [InlineData("redis://host?ssl=true", "query or fragment")]
    [InlineData("redis://::1:6379", "IPv6 address without brackets")]
    [InlineData("redis://[::1:6379", "never closes it")]
    [InlineData("redis://[::1]x", "after the IPv6 address")]
    [InlineData("redis://just-a-user@host", "no password")]
    public void Parse_Invalid_SaysWhatIsWrong(string address, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RedisStateStoreOptions.Parse(address));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://:hunter2@host:notaport")]
    [InlineData("redis://:hunter2@host/db")]
    [InlineData("redis://:hunter2@host?x=1")]
    [InlineData("redis://host?password=hunter2")]
    [InlineData("redis://:hun/ter2@:6379")]
    [InlineData("redis://hunter2@host")]
    [InlineData("ftp://:hunter2@host")]
    public void Parse_Invalid_NeverShowsThePassword(string address)
    {
        var error = Assert.Throws<FormatException>(() => RedisStateStoreOptions.Parse(address));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hun/ter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_HidesIt()
    {
        var options = RedisStateStoreOptions.Parse("rediss://admin:hunter2@host:6380/1");

        var text = options.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Equal("rediss://admin:***@host:6380/1 (key prefix 'gatehouse:')", text);
    }

    [Fact]
    public void Parse_Null_Throws() => Assert.Throws<ArgumentNullException>(() => RedisStateStoreOptions.Parse(null!));
}
