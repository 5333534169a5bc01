using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.ControlPlane;

public sealed class PaginationTests
{
    private static readonly int[] Items = [.. Enumerable.Range(1, 7)];

    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public void Apply_WalksAllPagesWithTheToken()
    {
        var seen = new List<int>();
        string? token = null;
        do
        {
            var page = Pagination.Apply(Request("?maxResults=3" + (token is null ? "" : "&nextToken=" + Uri.EscapeDataString(token))), Items);
            seen.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(Items, seen);
    }

    [Fact]
    public void Apply_NoMaxResults_ReturnsEverything()
    {
        var page = Pagination.Apply(Request(""), Items);

        Assert.Equal(Items, page.Items);
        Assert.Null(page.NextToken);
    }

    [Theory]
    [InlineData("?maxResults=0", "maxResults")]
    [InlineData("?maxResults=abc", "maxResults")]
    [InlineData("?nextToken=bogus", "nextToken")]
    public void Apply_BadInput_IsBadRequestNamingTheField(string query, string field)
    {
        var error = Assert.Throws<AwsException>(() => Pagination.Apply(Request(query), Items));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("BadRequestException", error.ErrorType);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
