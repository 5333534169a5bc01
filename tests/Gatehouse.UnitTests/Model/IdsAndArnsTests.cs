using Gatehouse.Model;

namespace Gatehouse.UnitTests.Model;

public sealed class IdsAndArnsTests
{
    [Fact]
    public void NewApiId_IsTenLowercaseAlphanumerics()
    {
        for (var i = 0; i < 100; i++)
        {
            var id = Ids.NewApiId();
            Assert.Matches("^[a-z0-9]{10}$", id);
            Assert.True(Ids.IsApiId(id));
        }
    }

    [Fact]
    public void NewResourceId_IsSevenLowercaseAlphanumerics() => Assert.Matches("^[a-z0-9]{7}$", Ids.NewResourceId());

    [Fact]
    public void NewRequestId_LooksLikeAwsHttpApiRequestId() => Assert.Matches("^[A-Za-z0-9]{15}=$", Ids.NewRequestId());

    [Fact]
    public void NewApiId_IsUnique() => Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => Ids.NewApiId()).Distinct().Count());

    [Fact]
    public void ApiArn_UsesRegion() => Assert.Equal("arn:aws:apigateway:eu-west-1::/apis/abc123defg", Arns.Api("eu-west-1", "abc123defg"));

    [Theory]
    [InlineData("arn:aws:apigateway:us-east-1::/apis/abc", "abc", null)]
    [InlineData("arn:aws:apigateway:us-east-1::/apis/abc/stages/prod", "abc", "prod")]
    [InlineData("arn:aws:apigateway:us-east-1::/apis/abc/stages/$default", "abc", "$default")]
    public void TryParseV2_ApiOrStageArn_Parses(string arn, string apiId, string? stage)
    {
        Assert.True(Arns.TryParseV2(arn, out var parsedApi, out var parsedStage));
        Assert.Equal(apiId, parsedApi);
        Assert.Equal(stage, parsedStage);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:f")]
    [InlineData("arn:aws:apigateway:us-east-1::/restapis/abc")]
    [InlineData("arn:aws:apigateway:us-east-1::/apis/abc/routes/r")]
    [InlineData("not an arn")]
    public void TryParseV2_OtherArn_Fails(string arn) => Assert.False(Arns.TryParseV2(arn, out _, out _));
}
