using System.Diagnostics;
using Gatehouse.DataPlane.RestApis.Mapping;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>selectionPattern is a Java regular expression matched against the whole value (String.matches).</summary>
public sealed class SelectionPatternTests
{
    [Theory]
    [InlineData(@"4\d{2}", "404", true)]
    [InlineData(@"4\d{2}", "200", false)]
    [InlineData(@"4\d{2}", "4040", false)] // whole match, not a search
    [InlineData(@"2\d{2}", "201", true)]
    [InlineData("5..", "503", true)]
    [InlineData(".*", "", true)]
    [InlineData(".+", "", false)]
    [InlineData("Invalid.*", "Invalid input", true)]
    [InlineData("Invalid", "Invalid input", false)]
    [InlineData(".*not found.*", "Error: item not found here", true)]
    [InlineData(@"\QError: [x]\E.*", "Error: [x] happened", true)]
    [InlineData(@"\QError: [x]", "Error: [x]", true)]
    public void Matches_WholeValue_AsJavaStringMatches(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, SelectionPattern.Compile(pattern).Matches(value));
    }

    [Theory]
    [InlineData(".*Error.*", "Error: bad input\n  at handler (index.js:3)", false)]
    [InlineData(".*Error.*", "Error: bad\rinput", false)]
    [InlineData(".*Error.*", "Error: bad\u2028input", false)]
    [InlineData("(?s).*Error.*", "Error: bad input\n  at handler (index.js:3)", true)]
    [InlineData(@"Error[\s\S]*", "Error: bad input\nline two", true)]
    [InlineData(@"[.\n]*", "..\n.", true)]
    public void Matches_LambdaErrorMessageWithLineTerminators_DotStopsAtThemAsInJava(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, SelectionPattern.Compile(pattern).Matches(value));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("a)|(b")]
    [InlineData("[z-a]")]
    public void Compile_InvalidPattern_MatchesNothing(string text)
    {
        var pattern = SelectionPattern.Compile(text);

        Assert.False(pattern.IsValid);
        Assert.False(pattern.Matches(text));
        Assert.False(pattern.Matches("a"));
    }

    [Fact]
    public void Matches_CatastrophicBacktracking_GivesUpWithinTheTimeout()
    {
        var pattern = SelectionPattern.Compile("(a+)+b");
        var watch = Stopwatch.StartNew();

        var matched = pattern.Matches(new string('a', 40) + "c");

        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
