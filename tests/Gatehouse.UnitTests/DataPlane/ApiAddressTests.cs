using Gatehouse.DataPlane.Addressing;

namespace Gatehouse.UnitTests.DataPlane;

public sealed class ApiAddressTests
{
    [Theory]
    [InlineData("abc1234567.execute-api.localhost", "/prod/x", "abc1234567", "/prod/x")]
    [InlineData("ABC1234567.execute-api.us-east-1.amazonaws.com", "", "abc1234567", "/")]
    [InlineData("127.0.0.1", "/_aws/execute-api/abc1234567/prod/x", "abc1234567", "/prod/x")]
    [InlineData("127.0.0.1", "/_aws/execute-api/abc1234567", "abc1234567", "/")]
    public void TryResolve_BothStyles(string host, string path, string apiId, string rest)
    {
        Assert.True(ApiAddress.TryResolve(host, path, out var address));
        Assert.Equal(apiId, address.ApiId);
        Assert.Equal(rest, address.Path);
    }

    [Theory]
    [InlineData("127.0.0.1", "/v2/apis")]
    [InlineData("localhost", "/_aws/execute-api/")]
    [InlineData("execute-api.localhost", "/x")]
    public void TryResolve_NotAnApiAddress(string host, string path) => Assert.False(ApiAddress.TryResolve(host, path, out _));
}
