using System.Text.Json;
using Gatehouse.DataPlane.RestApis.Mapping;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

public sealed class BodyJsonPathTests
{
    private const string Body = """{"a":{"b":"text","n":12.5,"t":true,"z":null,"o":{"k":"v"},"l":[1,"two",{"x":3}]},"we.ird":"q"}""";

    [Theory]
    [InlineData("a.b", "text")]
    [InlineData("$.a.b", "text")]
    [InlineData("a.n", "12.5")]
    [InlineData("a.t", "true")]
    [InlineData("a.o", """{"k":"v"}""")]
    [InlineData("a.l", """[1,"two",{"x":3}]""")]
    [InlineData("a.l[1]", "two")]
    [InlineData("a.l[2].x", "3")]
    [InlineData("a.l[-1].x", "3")]
    [InlineData("a['b']", "text")]
    [InlineData("['we.ird']", "q")]
    [InlineData("a.z", null)]
    [InlineData("a.missing", null)]
    [InlineData("a.l[9]", null)]
    [InlineData("a.b.c", null)]
    public void Evaluate_Paths_ValueAsText(string path, string? expected)
    {
        Assert.True(BodyJsonPath.TryParse(path, out var compiled));
        using var document = JsonDocument.Parse(Body);

        Assert.Equal(expected, compiled.Evaluate(document.RootElement));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.")]
    [InlineData("a..b")]
    [InlineData("a[*]")]
    [InlineData("a[?(@.x)]")]
    [InlineData("a[1:2]")]
    [InlineData("a[")]
    public void TryParse_UnsupportedPaths_Fail(string path)
    {
        Assert.False(BodyJsonPath.TryParse(path, out _));
    }

    [Fact]
    public void Evaluate_LambdaCustomErrorMessage_ReadsIntoTheJsonString()
    {
        // handle-errors-in-lambda-integration: errorMessage holds a JSON string that header mappings read into.
        const string Error = """{"errorMessage":"{\"errorType\":\"InternalServerError\",\"httpStatus\":500,\"trace\":{\"function\":\"abc()\",\"line\":123,\"file\":\"abc.js\"}}"}""";
        using var document = JsonDocument.Parse(Error);
        Assert.True(BodyJsonPath.TryParse("errorMessage.trace.function", out var function));

        Assert.Equal("abc()", function.Evaluate(document.RootElement, readStringsAsJson: true));
        Assert.Null(function.Evaluate(document.RootElement, readStringsAsJson: false));
    }
}
