using Gatehouse.DataPlane.Routing;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.DataPlane;

public sealed class RouteTableTests
{
    private static RouteTable<string> Table(params string[] keys)
    {
        var table = new RouteTable<string>();
        foreach (var key in keys)
        {
            table.Add(RouteKey.Parse(key), key);
        }

        return table;
    }

    private static string? Match(RouteTable<string> table, string method, string path) =>
        table.Match(method, RequestPath.Split(path));

    // The example table of AWS's "Routing API requests" documentation.
    [Theory]
    [InlineData("GET", "/pets/dog/1", "GET /pets/dog/1")]
    [InlineData("GET", "/pets/dog/2", "GET /pets/dog/{id}")]
    [InlineData("GET", "/pets/cat/1", "GET /pets/{proxy+}")]
    [InlineData("POST", "/test/5", "ANY /{proxy+}")]
    [InlineData("GET", "/", "$default")]
    public void Match_AwsDocumentationExamples_SelectTheDocumentedRoute(string method, string path, string expected)
    {
        var table = Table("GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default");

        Assert.Equal(expected, Match(table, method, path));
    }

    [Fact]
    public void Match_MethodBeatsAny_OnTheSamePath()
    {
        var table = Table("ANY /pets", "GET /pets");

        Assert.Equal("GET /pets", Match(table, "GET", "/pets"));
        Assert.Equal("ANY /pets", Match(table, "DELETE", "/pets"));
    }

    [Fact]
    public void Match_LiteralBeatsVariable_EvenWhenTheVariableRouteIsAddedFirst()
    {
        var table = Table("GET /pets/{id}", "GET /pets/mine");

        Assert.Equal("GET /pets/mine", Match(table, "GET", "/pets/mine"));
        Assert.Equal("GET /pets/{id}", Match(table, "GET", "/pets/7"));
    }

    [Fact]
    public void Match_BacktracksFromALiteralDeadEnd_ToAVariable()
    {
        var table = Table("GET /a/b/c", "GET /a/{x}/d");

        Assert.Equal("GET /a/{x}/d", Match(table, "GET", "/a/b/d"));
    }

    [Fact]
    public void Match_GreedyNeedsAtLeastOneSegment()
    {
        var table = Table("ANY /{proxy+}", "GET /pets/{proxy+}");

        Assert.Null(Match(table, "GET", "/"));
        Assert.Equal("ANY /{proxy+}", Match(table, "GET", "/pets"));
        Assert.Equal("GET /pets/{proxy+}", Match(table, "GET", "/pets/a/b/c"));
    }

    [Fact]
    public void Match_WrongMethodWithoutFallback_IsNoMatch()
    {
        var table = Table("GET /pets");

        Assert.Null(Match(table, "POST", "/pets"));
        Assert.Null(Match(table, "HEAD", "/pets"));
    }

    [Fact]
    public void Match_IsCaseSensitive_AndIgnoresATrailingSlash()
    {
        var table = Table("GET /Pets");

        Assert.Null(Match(table, "GET", "/pets"));
        Assert.Equal("GET /Pets", Match(table, "GET", "/Pets/"));
    }

    [Fact]
    public void Match_ComparesDecodedSegments()
    {
        var table = Table("GET /café");

        Assert.Equal("GET /café", Match(table, "GET", "/caf%C3%A9"));
    }

    [Fact]
    public void Match_RootRoute()
    {
        var table = Table("GET /", "GET /{id}");

        Assert.Equal("GET /", Match(table, "GET", "/"));
        Assert.Equal("GET /{id}", Match(table, "GET", "/x"));
    }

    [Fact]
    public void Match_EmptyInnerSegment_DoesNotBindAVariable()
    {
        var table = Table("GET /a/{id}/b");

        Assert.Null(Match(table, "GET", "/a//b"));
    }

    [Theory]
    [InlineData("/", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("/a/b/", new[] { "a", "b" })]
    [InlineData("/a//b", new[] { "a", "", "b" })]
    [InlineData("/caf%C3%A9/x%2Fy", new[] { "café", "x/y" })]
    public void Split_DecodesSegments(string path, string[] expected) => Assert.Equal(expected, RequestPath.Split(path));
}
