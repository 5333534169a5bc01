using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// The trace header end to end (facts §12.2): every request carries an <c>X-Amzn-Trace-Id</c> (the caller's, one made
/// from a W3C <c>traceparent</c>, or a new one) to the HTTP integration (with its W3C form) and to the Lambda function,
/// which sees it in the event and in <c>_X_AMZN_TRACE_ID</c> (the Runtime API's <c>Lambda-Runtime-Trace-Id</c>).
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class TracingEndToEndTests(GatehouseFixture fixture)
{
    private const string Given = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private static string? Header(EchoedRequest echo, string name) => echo.Headers.GetValueOrDefault(name);

    [Fact]
    public async Task HttpIntegration_NoTraceFromTheCaller_GetsANewOneInBothForms()
    {
        var apiId = await fixture.Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/traced", "prod", "GET /traced");

        var first = await fixture.DataPlane.EchoAsync(fixture.DataPlane.PathStyle(apiId, "/prod/traced"));
        var second = await fixture.DataPlane.EchoAsync(fixture.DataPlane.PathStyle(apiId, "/prod/traced"));

        var trace = Header(first, "x-amzn-trace-id");
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", trace);
        Assert.NotEqual(trace, Header(second, "x-amzn-trace-id"));
        var root = trace!["Root=1-".Length..].Replace("-", "", StringComparison.Ordinal);
        Assert.Matches($"^00-{root}-[0-9a-f]{{16}}-00$", Header(first, "traceparent"));
    }

    [Fact]
    public async Task HttpIntegration_CallersTraceHeaders_AreKept()
    {
        var apiId = await fixture.Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/traced", "prod", "GET /traced");

        var amazon = await fixture.DataPlane.EchoAsync(fixture.DataPlane.PathStyle(apiId, "/prod/traced"), ("X-Amzn-Trace-Id", Given));
        var w3c = await fixture.DataPlane.EchoAsync(fixture.DataPlane.PathStyle(apiId, "/prod/traced"),
            ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

        Assert.Equal(Given, Header(amazon, "x-amzn-trace-id"));
        Assert.Equal("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", Header(amazon, "traceparent"));
        Assert.Equal("Root=1-0af76519-16cd43dd8448eb211c80319c;Parent=b7ad6b7169203331;Sampled=1", Header(w3c, "x-amzn-trace-id"));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Header(w3c, "traceparent")); // forwarded as it came
    }

    [Fact]
    public async Task LambdaIntegration_FunctionSeesTheTraceInItsEventAndEnvironment()
    {
        var name = LambdaKit.UniqueName("trace-echo");
        await fixture.Cli.CreateFunctionAsync(name, LambdaKit.Zip(("index.js",
            "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ env: process.env._X_AMZN_TRACE_ID, header: event.headers['x-amzn-trace-id'] }) });\n",
            0x8000 | 0b110_100_100)));
        var apiId = await fixture.Control.CreateApiAsync();
        var integration = await fixture.Control.CreateIntegrationAsync(apiId, LambdaKit.Arn(name), new
        {
            integrationType = "AWS_PROXY",
            payloadFormatVersion = "2.0",
            integrationMethod = (string?)null,
        });
        await fixture.Control.CreateRouteAsync(apiId, "GET /fn", integration);
        await fixture.Control.CreateStageAsync(apiId, "prod");
        await fixture.Control.DeployAsync(apiId, "prod");
        var uri = fixture.DataPlane.PathStyle(apiId, "/prod/fn");

        using var made = await fixture.DataPlane.GetAsync(uri);
        using var kept = await fixture.DataPlane.SendAsync(HttpMethod.Get, uri, null, ("X-Amzn-Trace-Id", Given));

        var madeSeen = JsonDocument.Parse(await made.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$", madeSeen.GetProperty("header").GetString());
        Assert.Equal(madeSeen.GetProperty("header").GetString(), madeSeen.GetProperty("env").GetString());
        var keptSeen = JsonDocument.Parse(await kept.ShouldBeAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal(Given, keptSeen.GetProperty("header").GetString());
        Assert.Equal(Given, keptSeen.GetProperty("env").GetString());
    }
}
