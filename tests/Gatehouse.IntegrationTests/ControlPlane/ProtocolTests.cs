using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>The rest-json wire itself: signatures, unknown operations, where the control plane ends.</summary>
[Collection(Collections.ControlPlane)]
public sealed class ProtocolTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task SignedRequest_ForgedSignature_Returns403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.BaseAddress, "/v2/apis"));
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/apigateway/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20240101T000000Z");

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task SignedRequest_MalformedSigV4Header_Returns403IncompleteSignatureException()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.BaseAddress, "/v2/apis"));
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=test");

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("IncompleteSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task UnsupportedApiGatewayV2Operation_Returns400SayingSo()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/models")).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("not support", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PathOfNoAwsService_Returns404UnknownOperationException()
    {
        (await Control.GetAsync("/no/such/service")).ShouldBeError(HttpStatusCode.NotFound, "UnknownOperationException");
    }

    [Fact]
    public async Task ControlPlane_ManyParallelWritesToOneApi_AllSucceedAndNoneIsLost()
    {
        var apiId = await Control.CreateApiAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = $"GET /r{i}" })));

        Assert.All(responses, r => r.ShouldBe(HttpStatusCode.Created));
        var keys = (await Control.GetAsync($"/v2/apis/{apiId}/routes")).Json.GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("routeKey").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"GET /r{i}").Order(StringComparer.Ordinal), keys);
    }
}
