using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.Model;

public sealed class RouteKeyTests
{
    [Theory]
    [InlineData("$default", "", "")]
    [InlineData("GET /pets/{id}", "GET", "/pets/{id}")]
    [InlineData("ANY /{proxy+}", "ANY", "/{proxy+}")]
    [InlineData("POST /", "POST", "/")]
    [InlineData("OPTIONS /a/b.c/{x-y}", "OPTIONS", "/a/b.c/{x-y}")]
    public void TryParse_ValidKey_Succeeds(string text, string method, string path)
    {
        Assert.True(RouteKey.TryParse(text, out var key, out var error), error);
        Assert.Equal(method, key.Method);
        Assert.Equal(path, key.Path);
    }

    [Fact]
    public void TryParse_GreedyLastSegment_ReportsSegments()
    {
        var key = RouteKey.Parse("GET /pets/{id}/{rest+}");

        Assert.Equal(
            [new RouteSegment(SegmentKind.Literal, "pets"), new RouteSegment(SegmentKind.Variable, "id"), new RouteSegment(SegmentKind.Greedy, "rest")],
            key.Segments);
        Assert.True(key.IsGreedy);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("GET", "separated by one space")]
    [InlineData("GET  /x", "separated by one space")]
    [InlineData("FETCH /x", "Invalid HTTP method 'FETCH'")]
    [InlineData("get /x", "Invalid HTTP method 'get'")]
    [InlineData("GET pets", "must start with '/'")]
    [InlineData("GET /a//b", "must not be empty")]
    [InlineData("GET /{proxy+}/x", "must be the last segment")]
    [InlineData("GET /a{b}", "must be a whole segment")]
    [InlineData("GET /{}", "Invalid path variable")]
    [InlineData("GET /{a}/{a}", "used more than once")]
    public void TryParse_InvalidKey_ExplainsWhy(string text, string expected)
    {
        Assert.False(RouteKey.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
