using Gatehouse.Identity.Policies;

namespace Gatehouse.UnitTests.Identity.Policies;

public sealed class WildcardPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything/at/all", true)]
    [InlineData("a*", "a", true)]
    [InlineData("arn:aws:execute-api:us-east-1:1:api/*", "arn:aws:execute-api:us-east-1:1:api/prod/GET/pets/1", true)]
    [InlineData("arn:aws:execute-api:us-east-1:1:api/*/GET/*", "arn:aws:execute-api:us-east-1:1:api/prod/POST/pets", false)]
    [InlineData("arn:*:api/prod/GET/pets", "arn:aws:execute-api:us-east-1:1:api/prod/GET/pets", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a?c", "abbc", false)]
    [InlineData("*a*b*c*", "xxaxxbxxcxx", true)]
    [InlineData("*a*b*c", "abcab", false)]
    [InlineData("GET", "get", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void IsMatch_CaseSensitive_MatchesAsIamResources(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, new WildcardPattern(pattern, ignoreCase: false).IsMatch(text));
    }

    [Theory]
    [InlineData("execute-api:Invoke", "EXECUTE-API:invoke", true)]
    [InlineData("execute-api:*", "Execute-Api:ManageConnections", true)]
    [InlineData("execute-api:In*", "execute-api:Invalidatecache", true)]
    [InlineData("iam:Get?ser", "IAM:GETUSER", true)]
    [InlineData("iam:*", "execute-api:Invoke", false)]
    public void IsMatch_IgnoreCase_MatchesAsIamActions(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, new WildcardPattern(pattern, ignoreCase: true).IsMatch(text));
    }

    [Fact]
    public void IsMatch_ManyStarsAgainstLongText_FinishesQuickly()
    {
        var pattern = new WildcardPattern(string.Concat(Enumerable.Repeat("*a", 50)) + "b", ignoreCase: false);

        Assert.False(pattern.IsMatch(new string('a', 5000)));
    }
}
