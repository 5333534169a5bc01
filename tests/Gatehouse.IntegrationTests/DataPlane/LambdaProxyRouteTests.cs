using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// Routes with AWS_PROXY (Lambda) integrations in a running server. The function runtime arrives separately; these
/// tests hold whether or not it is there: a function that cannot be invoked (none registered, or no such function)
/// is an invocation error, which HTTP APIs answer 500 <c>{"message":"Internal Server Error"}</c>.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class LambdaProxyRouteTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    [Fact]
    public async Task LambdaRoute_FunctionCannotBeInvoked_Returns500InternalServerError()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = "arn:aws:lambda:us-east-1:000000000000:function:no-such-function",
            payloadFormatVersion = "2.0",
        })).ShouldBe(HttpStatusCode.Created).Member("integrationId");
        await Control.CreateRouteAsync(apiId, "GET /fn", integrationId);
        await Control.CreateStageAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "prod");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/fn"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""");
        fixture.AssertServerAlive();
    }

    [Fact]
    public async Task QuickCreatedLambdaApi_IsServedAtOnce_AndHttpRoutesBesideItStillProxy()
    {
        var apiId = (await Control.PostAsync("/v2/apis", new
        {
            name = "quick-lambda",
            protocolType = "HTTP",
            target = "arn:aws:lambda:us-east-1:000000000000:function:no-such-function",
        })).ShouldBe(HttpStatusCode.Created).Member("apiId");
        var httpIntegration = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/echo/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /echo/{proxy+}", httpIntegration);

        using var lambda = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/anything"));
        var echo = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/echo/pets"));

        await lambda.ShouldBeGatewayErrorAsync(HttpStatusCode.InternalServerError, """{"message":"Internal Server Error"}""");
        Assert.Equal("/echo/pets", echo.Path);
    }
}
