using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Issue 6's operator story with the real AWS CLI: requests to an HTTP API become <c>AWS/ApiGateway</c> metrics whose
/// sums equal the requests sent (read with <c>get-metric-statistics</c>); an alarm on <c>5xx</c> goes to ALARM and
/// notifies an SNS topic whose HTTP subscriber receives the alarm, signed as SNS signs it.
/// </summary>
public sealed class ObservabilityAcceptanceTests : IAsyncLifetime
{
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";
    private GatehouseProcess _server = null!;
    private EchoBackend _backend = null!;
    private SnsSubscriber _subscriber = null!;
    private readonly HttpClient _unsigned = new(new SocketsHttpHandler { UseProxy = false });
    private readonly HttpClient _signed = ControlPlaneSigning.CreateClient();

    private AwsCli Cli => new(_server.BaseAddress);

    public async Task InitializeAsync()
    {
        _backend = await EchoBackend.StartAsync();
        _subscriber = await SnsSubscriber.StartAsync();
        _server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--alarm-evaluation-interval", "0.5"]);
    }

    public async Task DisposeAsync()
    {
        _unsigned.Dispose();
        _signed.Dispose();
        await _server.DisposeAsync();
        await _subscriber.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The statistic summed over every datapoint of the last 15 minutes.</summary>
    private async Task<double> SumAsync(string metric, string statistic, params string[] dimensions)
    {
        var now = DateTimeOffset.UtcNow;
        var result = (await Cli.RunAsync(["cloudwatch", "get-metric-statistics", "--namespace", "AWS/ApiGateway", "--metric-name", metric,
            "--dimensions", .. dimensions, "--statistics", statistic, "--period", "60",
            "--start-time", Iso(now.AddMinutes(-15)), "--end-time", Iso(now.AddMinutes(1))])).ShouldSucceed();
        return result.Json.GetProperty("Datapoints").EnumerateArray().Sum(d => d.GetProperty(statistic).GetDouble());
    }

    [Fact]
    public async Task ApiRequests_BecomeMetricsThatSumToTheRequests_AndA5xxAlarmNotifiesTheSubscriber()
    {
        // An API with a route that works and one whose backend fails, detailed (per-route) metrics on.
        var control = new ControlPlaneClient(_signed, () => _server.BaseAddress);
        var apiId = await control.CreateApiAsync();
        var ok = await control.CreateIntegrationAsync(apiId, _backend.BaseUrl + "/ok");
        var failing = await control.CreateIntegrationAsync(apiId, _backend.BaseUrl + "/status/500");
        await control.CreateRouteAsync(apiId, "GET /ok", ok);
        await control.CreateRouteAsync(apiId, "GET /fail", failing);
        await control.CreateStageAsync(apiId, "prod", new { defaultRouteSettings = new { detailedMetricsEnabled = true } });
        await control.DeployAsync(apiId, "prod");

        // The on-call topic, its HTTP subscriber confirmed, and the alarm.
        var topicArn = (await Cli.RunAsync("sns", "create-topic", "--name", "on-call")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        (await Cli.RunAsync("sns", "subscribe", "--topic-arn", topicArn, "--protocol", "http", "--notification-endpoint", _subscriber.Endpoint)).ShouldSucceed();
        var confirmation = await _subscriber.NextAsync("SubscriptionConfirmation");
        var confirmed = XDocument.Parse(await (await _unsigned.GetAsync(confirmation.Member("SubscribeURL"))).ShouldBeAsync(HttpStatusCode.OK));
        Assert.StartsWith(topicArn + ":", confirmed.Descendants(Sns + "SubscriptionArn").Single().Value, StringComparison.Ordinal);
        (await Cli.RunAsync("cloudwatch", "put-metric-alarm", "--alarm-name", $"{apiId}-5xx", "--namespace", "AWS/ApiGateway", "--metric-name", "5xx",
            "--dimensions", $"Name=ApiId,Value={apiId}", "Name=Stage,Value=prod", "--statistic", "Sum", "--period", "60",
            "--evaluation-periods", "1", "--threshold", "0", "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching",
            "--alarm-actions", topicArn)).ShouldSucceed();

        using var dataPlane = new DataPlaneClient(() => _server.Port);
        for (var i = 0; i < 7; i++)
        {
            await (await dataPlane.GetAsync(dataPlane.PathStyle(apiId, "/prod/ok"))).ShouldBeAsync(HttpStatusCode.OK);
        }

        for (var i = 0; i < 3; i++)
        {
            await (await dataPlane.GetAsync(dataPlane.PathStyle(apiId, "/prod/fail"))).ShouldBeAsync(HttpStatusCode.InternalServerError);
        }

        for (var i = 0; i < 2; i++)
        {
            await (await dataPlane.GetAsync(dataPlane.PathStyle(apiId, "/prod/nowhere"))).ShouldBeAsync(HttpStatusCode.NotFound);
        }

        // A clean stop writes the minute in progress; nothing is lost across the restart.
        await _server.RestartAsync();

        string[] stage = [$"Name=ApiId,Value={apiId}", "Name=Stage,Value=prod"];
        Assert.Equal(12, await SumAsync("Count", "SampleCount", stage));
        Assert.Equal(12, await SumAsync("Count", "Sum", stage));
        Assert.Equal(3, await SumAsync("5xx", "Sum", stage));
        Assert.Equal(2, await SumAsync("4xx", "Sum", stage));
        Assert.Equal(12, await SumAsync("Latency", "SampleCount", stage));
        Assert.Equal(10, await SumAsync("IntegrationLatency", "SampleCount", stage));
        Assert.Equal(12, await SumAsync("Count", "SampleCount", $"Name=ApiId,Value={apiId}"));
        Assert.Equal(7, await SumAsync("Count", "SampleCount", [.. stage, "Name=Route,Value=GET /ok"]));
        Assert.Equal(3, await SumAsync("5xx", "Sum", [.. stage, "Name=Route,Value=GET /fail"]));

        // The alarm fires and its notification reaches the subscriber, signed.
        var notification = await _subscriber.NextAsync("Notification", TimeSpan.FromSeconds(30));
        // The server came back on another port: fetch the certificate (the same key, kept in the data directory) there.
        await SnsSubscriber.VerifyAsync(notification, _server.BaseAddress);
        Assert.Equal(topicArn, notification.Member("TopicArn"));
        using var alarm = JsonDocument.Parse(notification.Member("Message"));
        Assert.Equal($"{apiId}-5xx", alarm.RootElement.GetProperty("AlarmName").GetString());
        Assert.Equal("ALARM", alarm.RootElement.GetProperty("NewStateValue").GetString());
        Assert.Equal("5xx", alarm.RootElement.GetProperty("Trigger").GetProperty("MetricName").GetString());
        Assert.Equal("AWS/ApiGateway", alarm.RootElement.GetProperty("Trigger").GetProperty("Namespace").GetString());
        var state = (await Cli.RunAsync("cloudwatch", "describe-alarms", "--alarm-names", $"{apiId}-5xx")).ShouldSucceed().Json
            .GetProperty("MetricAlarms")[0].GetProperty("StateValue").GetString();
        Assert.Equal("ALARM", state);
    }
}
