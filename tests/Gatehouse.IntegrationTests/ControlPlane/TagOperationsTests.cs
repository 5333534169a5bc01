using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>TagResource, GetTags, UntagResource on API and stage ARNs.</summary>
[Collection(Collections.ControlPlane)]
public sealed class TagOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private static string ApiArn(string apiId) => $"arn:aws:apigateway:us-east-1::/apis/{apiId}";

    private static string StageArn(string apiId, string stage) => $"arn:aws:apigateway:us-east-1::/apis/{apiId}/stages/{stage}";

    // botocore sends the ARN as one URI label, percent-encoded ('/' as %2F, ':' as %3A), as every AWS SDK does.
    private static string TagsPath(string arn) => "/v2/tags/" + Uri.EscapeDataString(arn);

    [Fact]
    public async Task TagResource_ArnPercentEncodedAsSdksSendIt_TagsTheApi()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.PostAsync(TagsPath(ApiArn(apiId)), new { tags = new { team = "pets" } })).ShouldBe(HttpStatusCode.Created);

        var tags = (await Control.GetAsync(TagsPath(ApiArn(apiId)))).ShouldBe(HttpStatusCode.OK).Json.GetProperty("tags");
        Assert.Equal("pets", tags.GetProperty("team").GetString());
        (await Control.DeleteAsync(TagsPath(ApiArn(apiId)) + "?tagKeys=team")).ShouldBe(HttpStatusCode.NoContent);
    }

    // The tests below send the ARN with literal slashes (a legal URI), so that tag semantics are covered while the
    // percent-encoded form above is broken.
    [Fact]
    public async Task TagResource_ApiArn_MergesWithExistingTagsAndShowsInGetApi()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "tagged", protocolType = "HTTP", tags = new { owner = "alice", team = "old" } }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        var response = await Control.PostAsync("/v2/tags/" + ApiArn(apiId), new { tags = new { team = "pets", cost = "42" } });

        response.ShouldBe(HttpStatusCode.Created);
        var tags = (await Control.GetAsync("/v2/tags/" + ApiArn(apiId))).ShouldBe(HttpStatusCode.OK).Json.GetProperty("tags");
        Assert.Equal("alice", tags.GetProperty("owner").GetString());
        Assert.Equal("pets", tags.GetProperty("team").GetString());
        Assert.Equal("42", tags.GetProperty("cost").GetString());
        Assert.Equal(tags.ToString(), (await Control.GetAsync($"/v2/apis/{apiId}")).Json.GetProperty("tags").ToString());
    }

    [Fact]
    public async Task UntagResource_ApiArn_RemovesOnlyTheNamedKeys()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new { name = "tagged", protocolType = "HTTP", tags = new { a = "1", b = "2", c = "3" } }))
            .ShouldBe(HttpStatusCode.Created).Member("apiId");

        (await Control.DeleteAsync("/v2/tags/" + ApiArn(apiId) + "?tagKeys=a&tagKeys=c")).ShouldBe(HttpStatusCode.NoContent);

        var tags = (await Control.GetAsync("/v2/tags/" + ApiArn(apiId))).ShouldBe(HttpStatusCode.OK).Json.GetProperty("tags");
        Assert.Equal(["b"], tags.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task TagResource_StageArn_TagsTheStage()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod", new { tags = new { env = "prod" } });

        (await Control.PostAsync("/v2/tags/" + StageArn(apiId, "prod"), new { tags = new { tier = "gold" } })).ShouldBe(HttpStatusCode.Created);

        var tags = (await Control.GetAsync("/v2/tags/" + StageArn(apiId, "prod"))).ShouldBe(HttpStatusCode.OK).Json.GetProperty("tags");
        Assert.Equal("prod", tags.GetProperty("env").GetString());
        Assert.Equal("gold", tags.GetProperty("tier").GetString());
        Assert.Equal("gold", (await Control.GetAsync($"/v2/apis/{apiId}/stages/prod")).Json.GetProperty("tags").GetProperty("tier").GetString());
        Assert.False((await Control.GetAsync($"/v2/apis/{apiId}")).Json.GetProperty("tags").TryGetProperty("tier", out _), "stage tags are not API tags");
    }

    [Fact]
    public async Task GetTags_UnknownApi_Returns404()
    {
        (await Control.GetAsync("/v2/tags/" + ApiArn("nosuchapi0"))).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task GetTags_UnknownStage_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.GetAsync("/v2/tags/" + StageArn(apiId, "nosuch"))).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:apigateway:us-east-1::/restapis")]
    public async Task GetTags_NotAnApiOrStageArn_Returns400NamingTheArn(string arn)
    {
        var message = (await Control.GetAsync("/v2/tags/" + arn)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("ARN", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagResource_ReservedAwsPrefix_Returns400()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.PostAsync("/v2/tags/" + ApiArn(apiId), new { tags = new Dictionary<string, string> { ["aws:internal"] = "x" } }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }

    [Fact]
    public async Task UntagResource_WithoutTagKeys_Returns400()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.DeleteAsync("/v2/tags/" + ApiArn(apiId))).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");
    }
}
