using Gatehouse.DataPlane.RestApis.Mapping;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Given integration responses with selection patterns, the backend's answer picks one, or the default.</summary>
public sealed class IntegrationResponseSelectorTests
{
    [Theory]
    [InlineData("404", 400)]
    [InlineData("201", 200)]
    [InlineData("500", 502)]
    public void Select_StatusCodes_MatchingPatternElseDefault(string status, int expected)
    {
        var selector = IntegrationResponseSelector.Compile(Responses(Response("200"), Response("400", @"4\d{2}"), Response("502", "5\\d{2}")));

        Assert.Equal(expected, selector.Select(status)!.StatusCode);
    }

    [Fact]
    public void Select_EmptyPattern_IsTheDefault()
    {
        var selector = IntegrationResponseSelector.Compile(Responses(Response("200", ""), Response("400", "4\\d{2}")));

        Assert.Equal(200, selector.Select("302")!.StatusCode);
    }

    [Fact]
    public void Select_NoMatchAndNoDefault_ReturnsNull()
    {
        var selector = IntegrationResponseSelector.Compile(Responses(Response("400", @"4\d{2}")));

        Assert.Null(selector.Select("200"));
    }

    [Fact]
    public void Select_NoIntegrationResponses_ReturnsNull()
    {
        Assert.Null(IntegrationResponseSelector.Compile(null).Select("200"));
    }

    [Fact]
    public void Select_DotStarPattern_ActsAsDefaultForAnyValue()
    {
        // handle-errors-in-lambda-integration: ".*" matches all error messages, including null.
        var selector = IntegrationResponseSelector.Compile(Responses(Response("500", ".*")));

        Assert.Equal(500, selector.Select("")!.StatusCode);
        Assert.Equal(500, selector.Select("anything")!.StatusCode);
    }
}
