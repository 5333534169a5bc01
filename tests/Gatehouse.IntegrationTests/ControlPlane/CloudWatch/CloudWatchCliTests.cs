using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane.CloudWatch;

/// <summary>
/// CloudWatch driven by the real AWS CLI v2 (<c>/usr/bin/aws cloudwatch …</c>, the query protocol) and by a raw awsJson
/// 1.0 request as current SDKs send it, against a server of its own that evaluates alarms twice a second.
/// </summary>
public sealed class CloudWatchCliTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;

    private AwsCli Cli => new(_server.BaseAddress);

    public async Task InitializeAsync() =>
        _server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--alarm-evaluation-interval", "0.5"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private Task<CliResult> CloudWatchAsync(params string[] arguments) => Cli.RunAsync(["cloudwatch", .. arguments]);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static (string Start, string End) Window() => (Iso(DateTimeOffset.UtcNow.AddMinutes(-10)), Iso(DateTimeOffset.UtcNow.AddMinutes(2)));

    [Fact]
    public async Task GivenMetricData_WhenTheCliReadsIt_ThenStatisticsPercentilesMathAndListsAnswerAsAws()
    {
        // Values with counts: 1 ×98, 50 ×1, 1000 ×1, and one more value of 7.
        (await CloudWatchAsync("put-metric-data", "--namespace", "Shop", "--metric-data",
            """[{"MetricName":"Latency","Dimensions":[{"Name":"Api","Value":"cart"}],"Values":[1,50,1000],"Counts":[98,1,1],"Unit":"Milliseconds"}]""")).ShouldSucceed();
        (await CloudWatchAsync("put-metric-data", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions", "Api=cart", "--value", "7", "--unit", "Milliseconds")).ShouldSucceed();
        (await CloudWatchAsync("put-metric-data", "--namespace", "Shop", "--metric-name", "Orders", "--value", "3")).ShouldSucceed();
        var (start, end) = Window();

        var statistics = (await CloudWatchAsync("get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions", "Name=Api,Value=cart",
            "--statistics", "Sum", "SampleCount", "Average", "Minimum", "Maximum", "--period", "600", "--start-time", start, "--end-time", end)).ShouldSucceed().Json;
        Assert.Equal("Latency", statistics.GetProperty("Label").GetString());
        var total = statistics.GetProperty("Datapoints").EnumerateArray().ToList();
        Assert.Equal(101.0, total.Sum(p => p.GetProperty("SampleCount").GetDouble()));
        Assert.Equal(98 + 50 + 1000 + 7.0, total.Sum(p => p.GetProperty("Sum").GetDouble()));
        Assert.Equal(1000.0, total.Max(p => p.GetProperty("Maximum").GetDouble()));
        Assert.All(total, p => Assert.Equal("Milliseconds", p.GetProperty("Unit").GetString()));

        var percentiles = (await CloudWatchAsync("get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--dimensions", "Name=Api,Value=cart",
            "--extended-statistics", "p50", "p99", "p99.9", "--period", "720", "--start-time", start, "--end-time", end)).ShouldSucceed().Json;
        var point = Assert.Single(percentiles.GetProperty("Datapoints").EnumerateArray());
        var extended = point.GetProperty("ExtendedStatistics");
        Assert.Equal((1.0, 50.0, 1000.0), (extended.GetProperty("p50").GetDouble(), extended.GetProperty("p99").GetDouble(), extended.GetProperty("p99.9").GetDouble()));

        var data = (await CloudWatchAsync("get-metric-data", "--start-time", start, "--end-time", end, "--metric-data-queries", """
            [{"Id":"orders","MetricStat":{"Metric":{"Namespace":"Shop","MetricName":"Orders"},"Period":720,"Stat":"Sum"},"ReturnData":false},
             {"Id":"doubled","Expression":"orders * 2 + 1","Label":"Doubled orders"}]
            """)).ShouldSucceed().Json;
        var result = Assert.Single(data.GetProperty("MetricDataResults").EnumerateArray());
        Assert.Equal(("doubled", "Doubled orders", "Complete"), (result.GetProperty("Id").GetString(), result.GetProperty("Label").GetString(), result.GetProperty("StatusCode").GetString()));
        Assert.Equal(7.0, Assert.Single(result.GetProperty("Values").EnumerateArray()).GetDouble());

        var listed = (await CloudWatchAsync("list-metrics", "--namespace", "Shop")).ShouldSucceed().Json.GetProperty("Metrics").EnumerateArray()
            .Select(m => m.GetProperty("MetricName").GetString()).Order().ToList();
        Assert.Equal(["Latency", "Orders"], listed);
        var filtered = (await CloudWatchAsync("list-metrics", "--dimensions", "Name=Api,Value=cart")).ShouldSucceed().Json.GetProperty("Metrics");
        Assert.Equal("cart", Assert.Single(filtered.EnumerateArray()).GetProperty("Dimensions")[0].GetProperty("Value").GetString());
        Assert.Equal(0, (await CloudWatchAsync("list-metrics", "--namespace", "Nope")).ShouldSucceed().Json.GetProperty("Metrics").GetArrayLength());
    }

    [Fact]
    public async Task GivenBadRequests_WhenTheCliSendsThem_ThenCloudWatchAnswersItsErrors()
    {
        var (start, end) = Window();
        Assert.Contains("The value AWS/ApiGateway for parameter Namespace is invalid",
            (await CloudWatchAsync("put-metric-data", "--namespace", "AWS/ApiGateway", "--metric-name", "Count", "--value", "1")).ShouldFailWith("InvalidParameterValue", "PutMetricData"),
            StringComparison.Ordinal);
        Assert.Equal("The parameter Period must be a multiple of 60.",
            (await CloudWatchAsync("get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--statistics", "Sum", "--period", "90",
                "--start-time", start, "--end-time", end)).ShouldFailWith("InvalidParameterValue", "GetMetricStatistics"));
        (await CloudWatchAsync("get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--statistics", "Sum", "--extended-statistics", "p99",
            "--period", "60", "--start-time", start, "--end-time", end)).ShouldFailWith("InvalidParameterCombination", "GetMetricStatistics");
        Assert.StartsWith("You have requested up to 2,880 datapoints",
            (await CloudWatchAsync("get-metric-statistics", "--namespace", "Shop", "--metric-name", "Latency", "--statistics", "Sum", "--period", "60",
                "--start-time", "2026-01-01T00:00:00Z", "--end-time", "2026-01-03T00:00:00Z")).ShouldFailWith("InvalidParameterCombination", "GetMetricStatistics"),
            StringComparison.Ordinal);
        (await CloudWatchAsync("put-metric-alarm", "--alarm-name", "bad", "--namespace", "Shop", "--metric-name", "Latency", "--statistic", "Sum", "--period", "60",
            "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold", "--alarm-actions", "arn:aws:automate:us-east-1:ec2:stop"))
            .ShouldFailWith("InvalidParameterValue", "PutMetricAlarm");
        (await CloudWatchAsync("set-alarm-state", "--alarm-name", "nope", "--state-value", "OK", "--state-reason", "x")).ShouldFailWith("ResourceNotFound", "SetAlarmState");
        (await CloudWatchAsync("delete-alarms", "--alarm-names", "nope")).ShouldFailWith("ResourceNotFound", "DeleteAlarms");
        Assert.True(_server.IsRunning, _server.Output);
    }

    [Fact]
    public async Task GivenAnAlarm_WhenBreachingDataArrives_ThenItGoesToAlarmWithHistoryAndSurvivesRestart()
    {
        (await CloudWatchAsync("put-metric-alarm", "--alarm-name", "checkout-errors", "--alarm-description", "Checkout fails",
            "--namespace", "Shop", "--metric-name", "Errors", "--dimensions", "Name=Api,Value=checkout", "--statistic", "Sum", "--period", "60",
            "--evaluation-periods", "1", "--threshold", "5", "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "missing",
            "--alarm-actions", "arn:aws:sns:us-east-1:000000000000:ops")).ShouldSucceed();
        var created = Assert.Single((await CloudWatchAsync("describe-alarms", "--alarm-names", "checkout-errors")).ShouldSucceed().Json.GetProperty("MetricAlarms").EnumerateArray());
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:checkout-errors", created.GetProperty("AlarmArn").GetString());
        Assert.Equal("Checkout fails", created.GetProperty("AlarmDescription").GetString());
        Assert.Equal(5.0, created.GetProperty("Threshold").GetDouble());

        (await CloudWatchAsync("put-metric-data", "--namespace", "Shop", "--metric-name", "Errors", "--dimensions", "Api=checkout", "--value", "12")).ShouldSucceed();
        var alarm = await WaitForStateAsync("checkout-errors", "ALARM");
        Assert.StartsWith("Threshold Crossed: 1 datapoint [12.0 (", alarm.GetProperty("StateReason").GetString(), StringComparison.Ordinal);
        using (var reasonData = JsonDocument.Parse(alarm.GetProperty("StateReasonData").GetString()!))
        {
            Assert.Equal(12.0, reasonData.RootElement.GetProperty("recentDatapoints")[0].GetDouble());
        }

        var history = (await CloudWatchAsync("describe-alarm-history", "--alarm-name", "checkout-errors")).ShouldSucceed().Json.GetProperty("AlarmHistoryItems")
            .EnumerateArray().Select(i => (i.GetProperty("HistoryItemType").GetString(), i.GetProperty("HistorySummary").GetString())).ToList();
        Assert.Contains(("StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"), history);
        Assert.Contains(("ConfigurationUpdate", "Alarm \"checkout-errors\" created"), history);
        Assert.Contains(history, h => h.Item1 == "Action");
        var updates = (await CloudWatchAsync("describe-alarm-history", "--alarm-name", "checkout-errors", "--history-item-type", "StateUpdate")).ShouldSucceed().Json;
        Assert.All(updates.GetProperty("AlarmHistoryItems").EnumerateArray(), i => Assert.Equal("StateUpdate", i.GetProperty("HistoryItemType").GetString()));

        (await CloudWatchAsync("disable-alarm-actions", "--alarm-names", "checkout-errors")).ShouldSucceed();
        (await CloudWatchAsync("set-alarm-state", "--alarm-name", "checkout-errors", "--state-value", "OK", "--state-reason", "maintenance")).ShouldSucceed();
        // As on AWS, the next evaluation puts the alarm back in its actual state: the history keeps the change.
        var manual = (await CloudWatchAsync("describe-alarm-history", "--alarm-name", "checkout-errors", "--history-item-type", "StateUpdate")).ShouldSucceed().Json
            .GetProperty("AlarmHistoryItems").EnumerateArray().Select(i => i.GetProperty("HistorySummary").GetString()).ToList();
        Assert.Contains("Alarm updated from ALARM to OK", manual);
        Assert.False(Assert.Single((await CloudWatchAsync("describe-alarms", "--alarm-name-prefix", "checkout")).ShouldSucceed().Json.GetProperty("MetricAlarms").EnumerateArray())
            .GetProperty("ActionsEnabled").GetBoolean());
        Assert.Equal(0, (await CloudWatchAsync("describe-alarms", "--state-value", "INSUFFICIENT_DATA", "--alarm-name-prefix", "checkout")).ShouldSucceed().Json
            .GetProperty("MetricAlarms").GetArrayLength());
        Assert.Single((await CloudWatchAsync("describe-alarms-for-metric", "--namespace", "Shop", "--metric-name", "Errors", "--dimensions", "Name=Api,Value=checkout"))
            .ShouldSucceed().Json.GetProperty("MetricAlarms").EnumerateArray());

        // The alarm, its history and the metric survive a restart; the evaluator puts the alarm back in ALARM.
        await _server.RestartAsync();
        await WaitForStateAsync("checkout-errors", "ALARM");
        Assert.Single((await CloudWatchAsync("list-metrics", "--namespace", "Shop", "--metric-name", "Errors")).ShouldSucceed().Json.GetProperty("Metrics").EnumerateArray());

        (await CloudWatchAsync("delete-alarms", "--alarm-names", "checkout-errors")).ShouldSucceed();
        Assert.Equal(0, (await CloudWatchAsync("describe-alarms", "--alarm-names", "checkout-errors")).ShouldSucceed().Json.GetProperty("MetricAlarms").GetArrayLength());
    }

    [Fact]
    public async Task GivenAnAlarmWithAnSnsTopic_WhenItChangesState_ThenTheNotificationIsPublished()
    {
        var topic = (await Cli.RunAsync("sns", "create-topic", "--name", "alarm-ops")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        (await CloudWatchAsync("put-metric-alarm", "--alarm-name", "to-sns", "--namespace", "Shop", "--metric-name", "Refunds", "--statistic", "Sum",
            "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanOrEqualToThreshold",
            "--alarm-actions", topic)).ShouldSucceed();

        (await CloudWatchAsync("set-alarm-state", "--alarm-name", "to-sns", "--state-value", "ALARM", "--state-reason", "drill")).ShouldSucceed();

        var action = Assert.Single((await CloudWatchAsync("describe-alarm-history", "--alarm-name", "to-sns", "--history-item-type", "Action")).ShouldSucceed().Json
            .GetProperty("AlarmHistoryItems").EnumerateArray());
        Assert.Equal($"Successfully executed action {topic}", action.GetProperty("HistorySummary").GetString());
        using var data = JsonDocument.Parse(action.GetProperty("HistoryData").GetString()!);
        using var message = JsonDocument.Parse(data.RootElement.GetProperty("publishedMessage").GetString()!);
        Assert.Equal(("to-sns", "ALARM", "drill", "INSUFFICIENT_DATA"), (message.RootElement.GetProperty("AlarmName").GetString(),
            message.RootElement.GetProperty("NewStateValue").GetString(), message.RootElement.GetProperty("NewStateReason").GetString(),
            message.RootElement.GetProperty("OldStateValue").GetString()));
    }

    [Fact]
    public async Task GivenAnSdkSpeakingJson_WhenItCallsCloudWatch_ThenAnswersAreAwsJson10()
    {
        using var client = new HttpClient(new SigV4SigningHandler(new SigV4Signer("test", "test", "us-east-1", "monitoring"))
        {
            InnerHandler = new SocketsHttpHandler { UseProxy = false },
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var put = await SendJsonAsync(client, "PutMetricData", $$"""{"Namespace":"Sdk","MetricData":[{"MetricName":"Hits","Value":4,"Timestamp":{{now}}}]}""");
        Assert.Equal("{}", await put.ShouldBeAsync(HttpStatusCode.OK));
        Assert.Equal("application/x-amz-json-1.0", put.Content.Headers.ContentType?.MediaType);

        // Current SDKs gzip large PutMetricData bodies.
        var data = string.Join(",", Enumerable.Range(0, 400).Select(i => $$"""{"MetricName":"Hits","Value":0.01,"Timestamp":{{now}},"Dimensions":[{"Name":"Batch","Value":"b{{i}}"}]}"""));
        var gzip = await SendJsonAsync(client, "PutMetricData", $$"""{"Namespace":"Sdk","MetricData":[{{data}}]}""", compress: true);
        await gzip.ShouldBeAsync(HttpStatusCode.OK);

        var get = await SendJsonAsync(client, "GetMetricStatistics",
            $$"""{"Namespace":"Sdk","MetricName":"Hits","StartTime":{{now - 600}},"EndTime":{{now + 60}},"Period":60,"Statistics":["Sum"]}""");
        using var answer = JsonDocument.Parse(await get.ShouldBeAsync(HttpStatusCode.OK));
        var point = Assert.Single(answer.RootElement.GetProperty("Datapoints").EnumerateArray());
        Assert.Equal(4.0, point.GetProperty("Sum").GetDouble());
        Assert.Equal(JsonValueKind.Number, point.GetProperty("Timestamp").ValueKind);
        Assert.Equal(now / 60 * 60, (long)point.GetProperty("Timestamp").GetDouble());

        var batches = await SendJsonAsync(client, "ListMetrics", """{"Namespace":"Sdk","Dimensions":[{"Name":"Batch"}]}""");
        using (var listed = JsonDocument.Parse(await batches.ShouldBeAsync(HttpStatusCode.OK)))
        {
            Assert.Equal(400, listed.RootElement.GetProperty("Metrics").GetArrayLength());
        }

        var error = await SendJsonAsync(client, "PutMetricData", """{"Namespace":"AWS/Lambda","MetricData":[{"MetricName":"Hits","Value":1}]}""");
        using var body = JsonDocument.Parse(await error.ShouldBeAsync(HttpStatusCode.BadRequest));
        Assert.Equal("InvalidParameterValueException", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal("InvalidParameterValueException", error.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("InvalidParameterValue;Sender", error.Headers.GetValues("x-amzn-query-error").Single());
    }

    private Task<HttpResponseMessage> SendJsonAsync(HttpClient client, string operation, string body, bool compress = false)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        if (compress)
        {
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
            {
                gzip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _server.BaseAddress) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        if (compress)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801." + operation);
        request.Headers.Add("x-amzn-query-mode", "true");
        return client.SendAsync(request);
    }

    private async Task<JsonElement> WaitForStateAsync(string alarmName, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var alarm = Assert.Single((await CloudWatchAsync("describe-alarms", "--alarm-names", alarmName)).ShouldSucceed().Json.GetProperty("MetricAlarms").EnumerateArray());
            if (alarm.GetProperty("StateValue").GetString() == state)
            {
                return alarm;
            }

            Assert.True(DateTime.UtcNow < deadline, $"alarm {alarmName} is {alarm.GetProperty("StateValue").GetString()}, not {state}: {alarm}\n{_server.Output}");
            await Task.Delay(300);
        }
    }
}
