using System.Net;
using System.Text;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Observability;

/// <summary>
/// OpenTelemetry from a real server: <c>GET /metrics</c> in Prometheus text format (unsigned, as scrapers call it), and
/// spans exported over OTLP/HTTP to a stand-in collector, in the trace of the request's <c>X-Amzn-Trace-Id</c>, with the
/// gateway's span passed to the integration as its parent.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class TelemetryTests(GatehouseFixture fixture)
{
    [Fact]
    public async Task Metrics_ScrapedUnsigned_PrometheusTextWithRuntimeMetrics()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(fixture.Server.BaseAddress, "/metrics"));

        var text = await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("target_info{service_name=\"gatehouse\"", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PostOrOtherPath_StillNeedsSigning()
    {
        using var http = new HttpClient();

        using var post = await http.PostAsync(new Uri(fixture.Server.BaseAddress, "/metrics"), new StringContent(""));
        using var other = await http.GetAsync(new Uri(fixture.Server.BaseAddress, "/metrics/x"));

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Spans_OtlpConfigured_ExportedInTheCallersTraceAndTheGatewaySpanGoesOnward()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var server = await GatehouseProcess.StartAsync(
            new Dictionary<string, string> { ["OTEL_BSP_SCHEDULE_DELAY"] = "100" },
            [.. GatehouseFixture.Unthrottled, "--otlp-endpoint", collector.Endpoint, "--otlp-protocol", "http/protobuf"]);
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => server.BaseAddress);
        using var dataPlane = new DataPlaneClient(() => server.Port);
        var apiId = await control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/spans", "prod", "GET /spans");

        var echo = await dataPlane.EchoAsync(dataPlane.PathStyle(apiId, "/prod/spans"),
            ("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));

        var onward = echo.Header("x-amzn-trace-id");
        Assert.Matches("^Root=1-5759e988-bd862e3fe1be46a994272793;Parent=[0-9a-f]{16};Sampled=1$", onward);
        var gatewaySpan = onward!.Split(";Parent=")[1][..16];
        Assert.NotEqual("53995c3f42cd8ad8", gatewaySpan);
        Assert.Equal($"00-5759e988bd862e3fe1be46a994272793-{gatewaySpan}-01", echo.Header("traceparent"));
        // The exported spans: the gateway's (its id, its parent's id, the route as its name) and the integration's.
        await collector.WaitForAsync("/v1/traces", TimeSpan.FromSeconds(20),
            Convert.FromHexString("5759e988bd862e3fe1be46a994272793"),
            Convert.FromHexString(gatewaySpan),
            Convert.FromHexString("53995c3f42cd8ad8"),
            Encoding.UTF8.GetBytes("GET /spans"),
            Encoding.UTF8.GetBytes("integration"));
    }

    [Fact]
    public async Task Spans_NoOtlp_TheCallersHeaderGoesOnwardUnchanged()
    {
        const string given = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        var apiId = await fixture.Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/untraced", "prod", "GET /untraced");

        var echo = await fixture.DataPlane.EchoAsync(fixture.DataPlane.PathStyle(apiId, "/prod/untraced"), ("X-Amzn-Trace-Id", given));

        Assert.Equal(given, echo.Header("x-amzn-trace-id"));
    }

    [Theory]
    [InlineData("--otlp-endpoint", "ftp://collector:4317", "--otlp-endpoint must be an http:// or https:// URL")]
    [InlineData("--otlp-protocol", "thrift", "--otlp-protocol must be grpc or http/protobuf")]
    [InlineData("--trace-sample-ratio", "1.5", "--trace-sample-ratio must be between 0 and 1")]
    public async Task Serve_BadTelemetryOption_RefusesToStartNamingIt(string option, string value, string message)
    {
        var result = await GatehouseProcess.RunUntilExitAsync(["--urls", "http://127.0.0.1:0", option, value]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }
}
