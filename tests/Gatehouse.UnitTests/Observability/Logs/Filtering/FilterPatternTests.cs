using Gatehouse.Observability.Logs.Filtering;

namespace Gatehouse.UnitTests.Observability.Logs.Filtering;

/// <summary>Filter patterns as the CloudWatch Logs user guide defines them ("Filter pattern syntax").</summary>
public sealed class FilterPatternTests
{
    private const string Json = """{"status": 500, "latency": 120.5, "path": "/api/orders", "user": {"name": "ana", "admin": false}, "tags": ["a", "b"], "gone": null}""";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_Empty_MatchesEverything(string? text)
    {
        Assert.True(FilterPattern.TryParse(text, out var pattern, out _));
        Assert.True(pattern.MatchesAll);
        Assert.True(pattern.Matches("anything at all"));
    }

    [Theory]
    [InlineData("ERROR", "[ERROR] disk full", true)]
    [InlineData("ERROR", "error: disk full", false)]
    [InlineData("ERROR disk", "[ERROR] disk full", true)]
    [InlineData("ERROR memory", "[ERROR] disk full", false)]
    [InlineData("\"disk full\"", "[ERROR] disk full", true)]
    [InlineData("\"full disk\"", "[ERROR] disk full", false)]
    [InlineData("?ERROR ?WARN", "WARN low memory", true)]
    [InlineData("?ERROR ?WARN", "INFO started", false)]
    [InlineData("ERROR -disk", "[ERROR] disk full", false)]
    [InlineData("ERROR -disk", "[ERROR] net down", true)]
    [InlineData("-\"health check\"", "GET /health check", false)]
    [InlineData("-\"health check\"", "GET /orders", true)]
    [InlineData("GET ?200 ?204", "GET /x 204", true)]
    [InlineData("GET ?200 ?204", "POST /x 204", false)]
    [InlineData("\"say \\\"hi\\\"\"", "they say \"hi\" now", true)]
    public void Matches_Terms_AsTheUserGuideDescribes(string text, string message, bool expected)
    {
        Assert.True(FilterPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(expected, pattern.Matches(message));
    }

    [Theory]
    [InlineData("{ $.status = 500 }", true)]
    [InlineData("{$.status=500}", true)]
    [InlineData("{ $.status = 404 }", false)]
    [InlineData("{ $.status != 404 }", true)]
    [InlineData("{ $.status != 500 }", false)]
    [InlineData("{ $.status >= 500 }", true)]
    [InlineData("{ $.status > 500 }", false)]
    [InlineData("{ $.latency < 200 }", true)]
    [InlineData("{ $.latency <= 120.5 }", true)]
    [InlineData("{ $.latency > 120.5 }", false)]
    [InlineData("{ $.path = \"/api/orders\" }", true)]
    [InlineData("{ $.path = \"/api/*\" }", true)]
    [InlineData("{ $.path = \"*orders\" }", true)]
    [InlineData("{ $.path = \"/web/*\" }", false)]
    [InlineData("{ $.path != \"/web/*\" }", true)]
    [InlineData("{ $.user.name = ana }", true)]
    [InlineData("{ $.user.name = \"Ana\" }", false)]
    [InlineData("{ $.user.admin IS FALSE }", true)]
    [InlineData("{ $.user.admin IS TRUE }", false)]
    [InlineData("{ $.gone IS NULL }", true)]
    [InlineData("{ $.status IS NULL }", false)]
    [InlineData("{ $.missing NOT EXISTS }", true)]
    [InlineData("{ $.status NOT EXISTS }", false)]
    [InlineData("{ $.tags[1] = \"b\" }", true)]
    [InlineData("{ $.tags[0] = \"b\" }", false)]
    [InlineData("{ $.tags[*] = \"b\" }", true)]
    [InlineData("{ $.status = 500 && $.path = \"/api/*\" }", true)]
    [InlineData("{ $.status = 500 && $.path = \"/web/*\" }", false)]
    [InlineData("{ $.status = 404 || $.path = \"/api/*\" }", true)]
    [InlineData("{ ($.status = 404 || $.status = 500) && $.latency > 100 }", true)]
    [InlineData("{ $.status = 404 || $.status = 500 && $.latency > 1000 }", false)]
    [InlineData("{ $.path = %^/api/[a-z]+$% }", true)]
    [InlineData("{ $.path = %^/web% }", false)]
    public void Matches_JsonPatterns_OnAJsonMessage(string text, bool expected)
    {
        Assert.True(FilterPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(expected, pattern.Matches(Json));
    }

    [Theory]
    [InlineData("{ $.missing != \"x\" }")]
    [InlineData("{ $.missing = 1 }")]
    [InlineData("{ $.path > 3 }")]
    public void Matches_MissingOrMistypedField_DoesNotMatch(string text)
    {
        Assert.True(FilterPattern.TryParse(text, out var pattern, out var error), error);
        Assert.False(pattern.Matches(Json));
    }

    [Theory]
    [InlineData("status 500")]
    [InlineData("{\"status\": 500")]
    [InlineData("[1, 2]")]
    public void Matches_JsonPatternOnAMessageThatIsNotAnObject_DoesNotMatch(string message)
    {
        Assert.True(FilterPattern.TryParse("{ $.status = 500 }", out var pattern, out _));
        Assert.False(pattern.Matches(message));
    }

    [Theory]
    [InlineData("{ $.status = 500")]
    [InlineData("{ status = 500 }")]
    [InlineData("{ $.status 500 }")]
    [InlineData("{ $.status = }")]
    [InlineData("{ $.status > \"abc\" }")]
    [InlineData("{ $. = 1 }")]
    [InlineData("{ $.a = 1 && }")]
    [InlineData("{ ($.a = 1 }")]
    [InlineData("{ $.a[x] = 1 }")]
    [InlineData("{ $.a IS MAYBE }")]
    [InlineData("{ $.a = %[% }")]
    [InlineData("{ $.a = 1 } trailing")]
    [InlineData("?")]
    [InlineData("ERROR -")]
    [InlineData("\"unclosed")]
    [InlineData("bad\"quote")]
    public void TryParse_InvalidPattern_FailsWithAReason(string text)
    {
        Assert.False(FilterPattern.TryParse(text, out var pattern, out var error));
        Assert.Null(pattern);
        Assert.False(string.IsNullOrEmpty(error));
    }

    private const string CommonLogFormat = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 1534";

    [Theory]
    [InlineData("[ip, user, username, timestamp, request, status, bytes]", true)]
    [InlineData("[ip, user, username, timestamp, request, status = 404, bytes]", true)]
    [InlineData("[ip, user, username, timestamp, request, status = 4*, bytes > 1000]", true)]
    [InlineData("[ip, user, username, timestamp, request, status = 4*, bytes > 2000]", false)]
    [InlineData("[ip, user, username, timestamp, request, status = 5*, bytes]", false)]
    [InlineData("[ip, user, username, timestamp, request, status = 404 || status = 500, bytes]", true)]
    [InlineData("[ip, user, username, timestamp, request, status >= 400 && status < 500, bytes]", true)]
    [InlineData("[ip, user, username = frank, timestamp, request = \"GET *\", ...]", true)]
    [InlineData("[ip, user, username != frank, ...]", false)]
    [InlineData("[..., status = 404, bytes]", true)]
    [InlineData("[ip = 127.0.0.1, ...]", true)]
    [InlineData("[ip, user, username, timestamp = *Oct/2000*, ...]", true)]
    [InlineData("[ip, user, username, timestamp, request, status]", false)]
    public void Matches_SpaceDelimitedPatterns_OnACommonLogFormatLine(string text, bool expected)
    {
        Assert.True(FilterPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(expected, pattern.Matches(CommonLogFormat));
    }

    [Fact]
    public void Split_CommonLogFormat_QuotedAndBracketedRunsAreOneFieldEach() =>
        Assert.Equal(["127.0.0.1", "-", "frank", "10/Oct/2000:13:25:15 -0700", "GET /apache_pb.gif HTTP/1.0", "404", "1534"],
            SpaceDelimitedMatcher.Split(CommonLogFormat));

    [Theory]
    [InlineData("[ip, user")]
    [InlineData("[ip, , status]")]
    [InlineData("[ip, status = ]")]
    [InlineData("[ip, status > abc]")]
    [InlineData("[ip, status && bytes]")]
    public void TryParse_InvalidSpaceDelimitedPattern_Fails(string text) =>
        Assert.False(FilterPattern.TryParse(text, out _, out _));

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "ab*", true)]
    [InlineData("abc", "*bc", true)]
    [InlineData("abc", "a*c", true)]
    [InlineData("abc", "a*b*c", true)]
    [InlineData("ac", "a*b*c", false)]
    [InlineData("abc", "*", true)]
    [InlineData("a", "a*a", false)]
    [InlineData("aba", "a*a", true)]
    public void WildcardEquals_Patterns_MatchAsGlobs(string text, string pattern, bool expected) =>
        Assert.Equal(expected, ComparisonCondition.WildcardEquals(text, pattern.Split('*')));
}
