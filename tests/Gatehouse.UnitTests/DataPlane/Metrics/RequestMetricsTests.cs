using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.Model.HttpApis;
using Gatehouse.Observability.Metrics;
using Gatehouse.UnitTests.DataPlane.Lambda;
using Gatehouse.UnitTests.Observability.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.UnitTests.DataPlane.Metrics;

/// <summary>
/// HTTP API metrics as AWS publishes them (http-api-metrics): every request to an API counts, the gateway's own
/// answers included, in <c>ApiId</c>, <c>ApiId+Stage</c> and with detailed metrics <c>ApiId+Stage+Route</c>.
/// </summary>
public sealed class RequestMetricsTests : IAsyncDisposable
{
    private const string ApiId = "metrics001";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 10, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();
    private readonly MetricRecorder _recorder;
    private readonly MetricAggregator _aggregator;
    private readonly ApiRegistry _registry = new();
    private readonly HttpApiHandler _handler;

    public RequestMetricsTests()
    {
        _recorder = new MetricRecorder(_time);
        _aggregator = new MetricAggregator(_recorder, _sink, NullLogger<MetricAggregator>.Instance);
        _handler = new HttpApiHandler(_registry, new UnusedForwarder(), new HttpMessageInvoker(new SocketsHttpHandler()), new DataPlaneOptions(),
            NullLogger<HttpApiHandler>.Instance, FakeFunctionInvoker.Returning("""{"statusCode":201,"body":"hello"}"""));
    }

    public ValueTask DisposeAsync() => _aggregator.DisposeAsync();

    private static CompiledDeployment Deployment() => ApiCompiler.Compile(new DeploymentSnapshot
    {
        DeploymentId = "d1",
        Integrations =
        [
            new Integration
            {
                IntegrationId = "fn", IntegrationType = "AWS_PROXY", IntegrationMethod = "POST", PayloadFormatVersion = "2.0",
                IntegrationUri = "arn:aws:lambda:us-east-1:000000000000:function:hello",
            },
        ],
        Routes =
        [
            new Route { RouteId = "r1", RouteKey = "POST /items", Target = "integrations/fn" },
            new Route { RouteId = "r2", RouteKey = "GET /broken" },
        ],
    });

    private void Serve(RouteSettings? defaults, Dictionary<string, RouteSettings>? routes = null)
    {
        var deployment = Deployment();
        var stage = new Stage { StageName = "prod", DefaultRouteSettings = defaults, RouteSettings = routes };
        var compiled = new CompiledStage("prod", deployment, new Dictionary<string, string>(), null, null, StageMetrics.For(_recorder, ApiId, stage, deployment));
        _registry.Set(new CompiledApi(ApiId, new Dictionary<string, CompiledStage> { ["prod"] = compiled }, null, StageMetrics.ForApi(_recorder, ApiId)));
    }

    private async Task<int> SendAsync(string method, string path, string? body = null, string apiId = ApiId)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString($"{apiId}.execute-api.localhost");
        context.Request.Path = path;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = path;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }

        await _handler.InvokeAsync(context);
        return context.Response.StatusCode;
    }

    private IReadOnlyList<MetricDatum> CloseMinute()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _aggregator.CloseDueMinutes();
    }

    private static MetricDatum One(IReadOnlyList<MetricDatum> data, string metric, params string[] dimensions) =>
        Assert.Single(RecordingSink.Find(data, metric, dimensions));

    [Fact]
    public async Task InvokeAsync_RequestsAndGatewayAnswers_CountInApiStageAndRouteAsAwsCountsThem()
    {
        Serve(new RouteSettings { DetailedMetricsEnabled = true });
        Assert.Equal(201, await SendAsync("POST", "/prod/items", "abc"));
        Assert.Equal(201, await SendAsync("POST", "/prod/items", "abc"));
        Assert.Equal(201, await SendAsync("POST", "/prod/items", "abc"));
        Assert.Equal(500, await SendAsync("GET", "/prod/broken")); // a route without an integration
        Assert.Equal(404, await SendAsync("GET", "/prod/nothing")); // no route on the stage
        Assert.Equal(404, await SendAsync("GET", "/other/x")); // no such stage and no $default stage
        Assert.Equal(404, await SendAsync("GET", "/prod/items", apiId: "unknown001")); // no such API: counts nowhere

        var data = CloseMinute();

        var api = One(data, "Count", $"ApiId={ApiId}");
        Assert.Equal((6.0, 6.0, 1.0, 1.0), (api.SampleCount, api.Sum, api.Minimum, api.Maximum));
        Assert.Equal(5, One(data, "Count", $"ApiId={ApiId}", "Stage=prod").SampleCount);
        Assert.Equal(3, One(data, "Count", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").SampleCount);
        Assert.Equal(1, One(data, "Count", $"ApiId={ApiId}", "Stage=prod", "Route=GET /broken").SampleCount);
        Assert.Equal((6.0, 2.0), (One(data, "4xx", $"ApiId={ApiId}").SampleCount, One(data, "4xx", $"ApiId={ApiId}").Sum));
        Assert.Equal((6.0, 1.0), (One(data, "5xx", $"ApiId={ApiId}").SampleCount, One(data, "5xx", $"ApiId={ApiId}").Sum));
        Assert.Equal(0, One(data, "5xx", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").Sum);
        Assert.Equal(6, One(data, "Latency", $"ApiId={ApiId}").SampleCount);
        Assert.Equal(MetricUnits.Milliseconds, One(data, "Latency", $"ApiId={ApiId}").Unit);
        // Only the Lambda route called an integration.
        var integration = One(data, "IntegrationLatency", $"ApiId={ApiId}", "Stage=prod");
        Assert.Equal(3, integration.SampleCount);
        Assert.Equal(3, One(data, "IntegrationLatency", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").SampleCount);
        Assert.True(integration.Maximum <= One(data, "Latency", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").Maximum);
        // 3 bytes in, "hello" out, three times.
        var bytes = One(data, "DataProcessed", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items");
        Assert.Equal((24.0, MetricUnits.Bytes), (bytes.Sum, bytes.Unit));
        Assert.DoesNotContain(data, d => d.Metric.Dimensions.Any(x => x.Value == "unknown001"));
    }

    [Fact]
    public async Task InvokeAsync_DetailedMetricsOff_NoRouteDimension()
    {
        Serve(new RouteSettings { DetailedMetricsEnabled = false });
        await SendAsync("POST", "/prod/items", "abc");

        var data = CloseMinute();

        Assert.Equal(1, One(data, "Count", $"ApiId={ApiId}", "Stage=prod").SampleCount);
        Assert.DoesNotContain(data, d => d.Metric.Dimensions.Any(x => x.Name == "Route"));
    }

    [Fact]
    public async Task InvokeAsync_DetailedMetricsOnForOneRoute_OnlyThatRouteHasTheRouteDimension()
    {
        Serve(null, new Dictionary<string, RouteSettings> { ["GET /broken"] = new() { DetailedMetricsEnabled = true } });
        await SendAsync("POST", "/prod/items", "abc");
        await SendAsync("GET", "/prod/broken");

        var data = CloseMinute();

        Assert.Equal(["GET /broken"], data.SelectMany(d => d.Metric.Dimensions).Where(d => d.Name == "Route").Select(d => d.Value).Distinct());
        Assert.Equal(2, One(data, "Count", $"ApiId={ApiId}", "Stage=prod").SampleCount);
    }

    [Fact]
    public async Task InvokeAsync_Redeployed_TheRouteKeepsCountingInTheSameSeries()
    {
        Serve(new RouteSettings { DetailedMetricsEnabled = true });
        await SendAsync("POST", "/prod/items", "abc");
        Serve(new RouteSettings { DetailedMetricsEnabled = true });
        await SendAsync("POST", "/prod/items", "abc");

        var data = CloseMinute();

        Assert.Equal(2, One(data, "Count", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").SampleCount);
    }

    [Fact]
    public async Task InvokeAsync_Request_IsCountedInTheGatewayInstrumentsWithApiStageRouteAndStatusClass()
    {
        Serve(null);
        var seen = new List<(string Instrument, double Value, string? Route, string? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayInstruments.MeterName && instrument.Name.StartsWith("gatehouse.request", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Measured(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (all.GetValueOrDefault("api_id") == ApiId)
            {
                lock (seen)
                {
                    seen.Add((instrument.Name, value, all["route"], all["status_class"]));
                    Assert.Equal("prod", all["stage"]);
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Measured(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Measured(i, v, t));
        listener.Start();

        await SendAsync("POST", "/prod/items", "abc");
        await SendAsync("GET", "/prod/nothing");

        Assert.Contains(("gatehouse.requests", 1.0, "POST /items", "2xx"), seen);
        Assert.Contains(("gatehouse.requests", 1.0, "-", "4xx"), seen);
        Assert.Equal(2, seen.Count(s => s.Instrument == "gatehouse.request.duration" && s.Value is > 0 and < 10));
    }

    [Fact]
    public void Record_AfterTheFirstRequest_AllocatesNothing()
    {
        Serve(new RouteSettings { DetailedMetricsEnabled = true });
        var api = _registry.Find(ApiId)!;
        var stage = api.NamedStages["prod"];
        var httpContext = new DefaultHttpContext();
        httpContext.Features.Set(new RequestContext
        {
            RequestId = "r",
            ApiId = ApiId,
            AccountId = "000000000000",
            DomainName = "d",
            HttpMethod = "POST",
            Path = "/prod/items",
            RequestTimeEpoch = 0,
            SourceIp = "127.0.0.1",
            TraceId = "t",
            Stage = stage,
            Route = stage.Deployment.AllRoutes[0],
            IntegrationLatency = 3,
        });
        httpContext.Response.StatusCode = 201;
        httpContext.Response.ContentLength = 5;
        var startedAt = Stopwatch.GetTimestamp();
        RequestMetrics.Record(httpContext, _registry, startedAt);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RequestMetrics.Record(httpContext, _registry, startedAt);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001, One(CloseMinute(), "Count", $"ApiId={ApiId}", "Stage=prod", "Route=POST /items").SampleCount);
    }

    private sealed class UnusedForwarder : IHttpForwarder
    {
        public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient,
            ForwarderRequestConfig requestConfig, HttpTransformer transformer) => throw new InvalidOperationException("no HTTP integration in these tests");
    }
}
