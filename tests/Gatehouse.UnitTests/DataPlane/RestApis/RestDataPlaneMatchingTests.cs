using Gatehouse.DataPlane.RestApis;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>Resource and method matching of REST APIs (facts §3.2).</summary>
public sealed class RestDataPlaneMatchingTests
{
    private static (string? Resource, string? Method, IReadOnlyList<KeyValuePair<string, string>> Parameters) Match(
        CompiledRestDeployment deployment, string verb, string path)
    {
        var (decoded, raw) = RestPath.Split(path);
        var resource = deployment.Resources.Match(decoded, raw, out var parameters);
        return (resource?.Path, resource?.MethodFor(verb)?.HttpMethod, parameters);
    }

    private static CompiledRestDeployment Deployment(params (string Path, string[] Methods)[] resources) =>
        RestApiCompiler.Compile("api0000001", RestSnapshots.Snapshot(resources));

    [Theory]
    [InlineData("/pets/dog", "/pets/dog")]
    [InlineData("/pets/cat", "/pets/{id}")]
    [InlineData("/pets/cat/toys", "/pets/{proxy+}")]
    [InlineData("/other/a/b", "/{proxy+}")]
    public void Match_LiteralBeforeParameterBeforeGreedy_SelectsTheMostSpecificResource(string path, string expected)
    {
        var deployment = Deployment(("/pets/dog", ["GET"]), ("/pets/{id}", ["GET"]), ("/pets/{proxy+}", ["GET"]), ("/{proxy+}", ["ANY"]));

        Assert.Equal(expected, Match(deployment, "GET", path).Resource);
    }

    [Fact]
    public void Match_LiteralLeadsNowhere_FallsBackToTheParameter()
    {
        var deployment = Deployment(("/pets/dog", ["GET"]), ("/pets/{id}/toys", ["GET"]));

        var (resource, _, parameters) = Match(deployment, "GET", "/pets/dog/toys");

        Assert.Equal("/pets/{id}/toys", resource);
        Assert.Equal([new("id", "dog")], parameters);
    }

    [Fact]
    public void Match_Greedy_NeedsOneSegmentAndTakesTheRestRaw()
    {
        var deployment = Deployment(("/{proxy+}", ["ANY"]));

        Assert.Equal("/", Match(deployment, "GET", "/").Resource); // the root, which has no method
        Assert.Null(Match(deployment, "GET", "/").Method);
        var (resource, method, parameters) = Match(deployment, "GET", "/a//b/c%2Fd/");
        Assert.Equal("/{proxy+}", resource);
        Assert.Equal("ANY", method);
        Assert.Equal([new("proxy", "a//b/c%2Fd")], parameters);
    }

    [Fact]
    public void Match_ParameterValue_KeepsTheClientsPercentEncoding()
    {
        var deployment = Deployment(("/users/{email}", ["GET"]));

        Assert.Equal([new("email", "test%2Balias@gmail.com")], Match(deployment, "GET", "/users/test%2Balias@gmail.com").Parameters);
    }

    [Fact]
    public void Match_EncodedLiteral_MatchesItsDecodedPathPart()
    {
        var deployment = Deployment(("/a b", ["GET"]));

        Assert.Equal("/a b", Match(deployment, "GET", "/a%20b").Resource);
    }

    [Fact]
    public void Match_TrailingSlash_IsIgnored()
    {
        var deployment = Deployment(("/pets", ["GET"]));

        Assert.Equal("/pets", Match(deployment, "GET", "/pets/").Resource);
    }

    [Fact]
    public void MethodFor_OwnMethodBeforeAny_AndNoImplicitHead()
    {
        var deployment = Deployment(("/pets", ["GET", "ANY"]), ("/toys", ["GET"]));

        Assert.Equal("GET", Match(deployment, "GET", "/pets").Method);
        Assert.Equal("ANY", Match(deployment, "DELETE", "/pets").Method);
        Assert.Null(Match(deployment, "HEAD", "/toys").Method);
        Assert.Null(Match(deployment, "POST", "/toys").Method);
    }

    [Fact]
    public void Match_UnknownPath_MatchesNothing()
    {
        var deployment = Deployment(("/pets", ["GET"]));

        Assert.Null(Match(deployment, "GET", "/toys").Resource);
        Assert.Null(Match(deployment, "GET", "/pets/1").Resource);
    }

    [Theory]
    [InlineData("/dev/pets", "dev", "/pets")]
    [InlineData("//dev/pets", "dev", "/pets")]
    [InlineData("/dev//pets", "dev", "/pets")]
    [InlineData("/dev", "dev", "/")]
    [InlineData("/dev/", "dev", "/")]
    [InlineData("/my%20stage/x", "my stage", "/x")]
    public void TrySplitStage_PathWithStage_SplitsAsAws(string path, string stage, string below)
    {
        Assert.True(RestPath.TrySplitStage(path, out var name, out var rest));
        Assert.Equal(stage, name);
        Assert.Equal(below, rest);
    }

    [Fact]
    public void TrySplitStage_NoStage_IsFalse()
    {
        Assert.False(RestPath.TrySplitStage("/", out _, out _));
    }

    [Theory]
    [InlineData("/a/../admin", true)]
    [InlineData("/a/%2E%2E/admin", true)]
    [InlineData("/pets/..%2Fadmin", true)]
    [InlineData("/pets/.", true)]
    [InlineData("/pets/a.b/..c", false)]
    [InlineData("/pets/v1.2", false)]
    public void HasDotSegment_DotSegmentsEvenBehindEncodedSlashes_AreFound(string path, bool expected) =>
        Assert.Equal(expected, RestPath.HasDotSegment(RestPath.Split(path).Decoded));

    [Theory]
    [InlineData("plain value", true)]
    [InlineData("tab\tok", true)]
    [InlineData("line\nbreak", false)]
    [InlineData("Jos\u00e9", false)]
    public void ResponseHeaderValue_OnlyVisibleAscii_IsSendable(string value, bool expected) =>
        Assert.Equal(expected, Gatehouse.DataPlane.RestApis.ResponseHeaderValue.IsSendable(value));
}
