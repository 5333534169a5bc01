using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatch;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;
using Gatehouse.UnitTests.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.ControlPlane.CloudWatch;

/// <summary>CloudWatch's operations through both protocols' inputs, against a real store in a temporary directory.</summary>
public sealed class CloudWatchApiTests : IDisposable
{
    private readonly TempCloudWatchDatabase _database = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 30, 0, TimeSpan.Zero));
    private readonly MetricStore _metrics;
    private readonly AlarmService _alarms;
    private readonly CloudWatchApi _api;

    public CloudWatchApiTests()
    {
        _metrics = new MetricStore(_database.Open(), _time);
        _alarms = new AlarmService(new AlarmStore(_database.Open()), _metrics, null, _time, new AlarmServiceOptions("us-east-1", "000000000000"), NullLogger<AlarmService>.Instance);
        _api = new CloudWatchApi(_metrics, _alarms, new ControlPlaneOptions(), _time);
    }

    public void Dispose()
    {
        _alarms.Dispose();
        _database.Dispose();
    }

    /// <summary>Runs an operation with query parameters and returns its XML result members.</summary>
    private async Task<XElement?> QueryAsync(string action, string form)
    {
        var write = await _api.InvokeAsync(action, QueryInput.Of(QueryRequest.Parse(form)), CancellationToken.None);
        if (write is null)
        {
            return null;
        }

        var xml = QueryResponses.Success(action, CloudWatchQueryService.Namespace, "r1", x => write(new QueryShapeWriter(x)));
        return XElement.Parse(Encoding.UTF8.GetString(xml)).Elements().First();
    }

    private async Task<JsonElement> JsonAsync(string operation, string body)
    {
        using var document = JsonDocument.Parse(body);
        var write = await _api.InvokeAsync(operation, JsonInput.Of(document.RootElement), CancellationToken.None);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write?.Invoke(new JsonShapeWriter(writer));
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static XName N(string name) => XName.Get(name, CloudWatchQueryService.Namespace);

    private async Task<AwsException> FailsAsync(string action, string form) =>
        await Assert.ThrowsAsync<AwsException>(() => QueryAsync(action, form));

    [Fact]
    public async Task PutMetricData_ValuesAndCountsInQueryForm_AreStoredAsADistribution()
    {
        await QueryAsync("PutMetricData",
            "Namespace=App&MetricData.member.1.MetricName=Latency&MetricData.member.1.Dimensions.member.1.Name=Api&MetricData.member.1.Dimensions.member.1.Value=a1" +
            "&MetricData.member.1.Values.member.1=1&MetricData.member.1.Values.member.2=100&MetricData.member.1.Counts.member.1=9&MetricData.member.1.Counts.member.2=1" +
            "&MetricData.member.1.Unit=Milliseconds");

        var point = Assert.Single(await _metrics.GetStatisticsAsync(new StatisticsQuery(
            new MetricKey("App", "Latency", [new MetricDimension("Api", "a1")]), _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddMinutes(1), 60, [90, 99]), CancellationToken.None));
        Assert.Equal((10.0, 109.0, 1.0, 100.0, "Milliseconds"), (point.SampleCount, point.Sum, point.Minimum, point.Maximum, point.Unit));
        Assert.Equal([1.0, 100.0], point.PercentileValues);
    }

    [Theory]
    [InlineData("Namespace=AWS/ApiGateway&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1", "InvalidParameterValue", "The value AWS/ApiGateway for parameter Namespace is invalid")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1&MetricData.member.1.Values.member.1=2", "InvalidParameterCombination", "MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X", "MissingParameter", "MetricData.member.1.Value")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Values.member.1=2&MetricData.member.1.Counts.member.1=1&MetricData.member.1.Counts.member.2=1", "InvalidParameterValue", "must be of the same size")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1&MetricData.member.1.Timestamp=2026-11-25T15:00:00Z", "InvalidParameterValue", "MetricData.member.1.Timestamp must specify a time no more than two hours in the future")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1&MetricData.member.1.Timestamp=2026-11-01T00:00:00Z", "InvalidParameterValue", "within the past two weeks")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1e300", "InvalidParameterValue", "MetricData.member.1.Value is invalid")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=abc", "InvalidParameterValue", "MetricData.member.1.Value")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.Value=1&MetricData.member.1.Unit=Parsecs", "ValidationError", "MetricData.member.1.Unit")]
    [InlineData("Namespace=App&MetricData.member.1.Value=1", "ValidationError", "MetricData.member.1.MetricName")]
    [InlineData("MetricData.member.1.MetricName=X&MetricData.member.1.Value=1", "ValidationError", "'Namespace'")]
    [InlineData("Namespace=App&MetricData.member.1.MetricName=X&MetricData.member.1.StatisticValues.SampleCount=2&MetricData.member.1.StatisticValues.Sum=3", "ValidationError", "MetricData.member.1.StatisticValues.Minimum")]
    public async Task PutMetricData_BadInput_AnswersAwsErrorNamingTheField(string form, string code, string message)
    {
        var error = await FailsAsync("PutMetricData", form);
        Assert.Equal((400, code), (error.StatusCode, error.ErrorType));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutMetricData_TwoBadFields_ReportsBoth()
    {
        var error = await FailsAsync("PutMetricData", "Namespace=App&MetricData.member.1.Value=1&MetricData.member.1.Unit=Parsecs");
        Assert.StartsWith("2 validation errors detected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricStatistics_QueryForm_AnswersDatapointsWithPercentiles()
    {
        await QueryAsync("PutMetricData", "Namespace=App&MetricData.member.1.MetricName=Latency&MetricData.member.1.StatisticValues.SampleCount=4" +
            "&MetricData.member.1.StatisticValues.Sum=8&MetricData.member.1.StatisticValues.Minimum=2&MetricData.member.1.StatisticValues.Maximum=2");

        var result = (await QueryAsync("GetMetricStatistics",
            "Namespace=App&MetricName=Latency&StartTime=2026-11-25T12:00:00Z&EndTime=2026-11-25T13:00:00Z&Period=60&ExtendedStatistics.member.1=p99"))!;

        Assert.Equal("Latency", result.Element(N("Label"))!.Value);
        var point = Assert.Single(result.Element(N("Datapoints"))!.Elements(N("member")));
        Assert.Equal("2026-11-25T12:30:00.000Z", point.Element(N("Timestamp"))!.Value);
        var entry = point.Element(N("ExtendedStatistics"))!.Element(N("entry"))!;
        Assert.Equal(("p99", "2"), (entry.Element(N("key"))!.Value, entry.Element(N("value"))!.Value));
        Assert.Null(point.Element(N("Sum")));
    }

    [Theory]
    [InlineData("&Period=60&Statistics.member.1=Sum&ExtendedStatistics.member.1=p99", "InvalidParameterCombination", "not both")]
    [InlineData("&Period=60", "InvalidParameterCombination", "either Statistics or ExtendedStatistics")]
    [InlineData("&Period=90&Statistics.member.1=Sum", "InvalidParameterValue", "The parameter Period must be a multiple of 60.")]
    [InlineData("&Period=10&Statistics.member.1=Sum", "InvalidParameterValue", "high-resolution")]
    [InlineData("&Period=60&Statistics.member.1=Median", "ValidationError", "Statistics.member.1")]
    [InlineData("&Period=60&ExtendedStatistics.member.1=p101", "ValidationError", "ExtendedStatistics.member.1")]
    public async Task GetMetricStatistics_BadInput_AnswersAwsError(string extra, string code, string message)
    {
        var error = await FailsAsync("GetMetricStatistics", "Namespace=App&MetricName=Latency&StartTime=2026-11-25T12:00:00Z&EndTime=2026-11-25T13:00:00Z" + extra);
        Assert.Equal(code, error.ErrorType);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricStatistics_MoreThan1440Datapoints_IsRefused()
    {
        var error = await FailsAsync("GetMetricStatistics",
            "Namespace=App&MetricName=Latency&StartTime=2026-11-24T00:00:00Z&EndTime=2026-11-25T00:01:00Z&Period=60&Statistics.member.1=Sum");
        Assert.Equal(("InvalidParameterCombination", "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. " +
            "You may reduce the datapoints requested by increasing Period, or decreasing the time range."), (error.ErrorType, error.Message));
    }

    [Fact]
    public async Task GetMetricData_JsonWithEpochTimes_ReturnsMetricAndExpressionNewestFirst()
    {
        await JsonAsync("PutMetricData", """{"Namespace":"App","MetricData":[{"MetricName":"Hits","Value":2,"Timestamp":1795608000},{"MetricName":"Hits","Value":3,"Timestamp":1795608060}]}""");

        var result = await JsonAsync("GetMetricData", """
            {"StartTime": 1795604400, "EndTime": 1795611600, "MetricDataQueries": [
              {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Hits"}, "Period": 60, "Stat": "Sum"}, "ReturnData": false},
              {"Id": "e1", "Expression": "m1 * 10", "Label": "tenfold"}]}
            """);

        var only = Assert.Single(result.GetProperty("MetricDataResults").EnumerateArray());
        Assert.Equal(("e1", "tenfold", "Complete"), (only.GetProperty("Id").GetString(), only.GetProperty("Label").GetString(), only.GetProperty("StatusCode").GetString()));
        Assert.Equal([30.0, 20.0], only.GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1795608060.0, 1795608000.0], only.GetProperty("Timestamps").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task GetMetricData_MaxDatapoints_PagesWithNextToken()
    {
        for (var i = 0; i < 5; i++)
        {
            await JsonAsync("PutMetricData", $$"""{"Namespace":"App","MetricData":[{"MetricName":"Hits","Value":{{i}},"Timestamp":{{1795608000 - (i * 60)}}}]}""");
        }

        const string Query = """
            "StartTime": 1795600000, "EndTime": 1795611600, "ScanBy": "TimestampAscending", "MaxDatapoints": 3,
            "MetricDataQueries": [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Hits"}, "Period": 60, "Stat": "Maximum"}}]
            """;
        var first = await JsonAsync("GetMetricData", "{" + Query + "}");
        var token = first.GetProperty("NextToken").GetString();
        var second = await JsonAsync("GetMetricData", "{" + Query + $", \"NextToken\": \"{token}\"}}");

        Assert.Equal([4.0, 3.0, 2.0], first.GetProperty("MetricDataResults")[0].GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("PartialData", first.GetProperty("MetricDataResults")[0].GetProperty("StatusCode").GetString());
        Assert.Equal([1.0, 0.0], second.GetProperty("MetricDataResults")[0].GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("Complete", second.GetProperty("MetricDataResults")[0].GetProperty("StatusCode").GetString());
        Assert.False(second.TryGetProperty("NextToken", out _));
    }

    [Theory]
    [InlineData("""{"Id": "M1", "Expression": "1"}""", "ValidationError", "MetricDataQueries.member.1.Id")]
    [InlineData("""{"Id": "e1", "Expression": "m9 + 1"}""", "ValidationError", "Error in expression 'e1': Unknown id 'm9'.")]
    [InlineData("""{"Id": "e1"}""", "InvalidParameterValue", "Exactly one of MetricDataQueries.member.1.MetricStat and MetricDataQueries.member.1.Expression")]
    [InlineData("""{"Id": "e1", "Expression": "1", "ReturnData": false}""", "InvalidParameterValue", "ReturnData")]
    [InlineData("""{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Hits"}, "Period": 0, "Stat": "Sum"}}""", "InvalidParameterValue", "must be greater than or equal to 1")]
    [InlineData("""{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Hits"}, "Period": -60, "Stat": "Sum"}}""", "InvalidParameterValue", "must be greater than or equal to 1")]
    public async Task GetMetricData_BadQuery_AnswersAwsError(string query, string code, string message)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => JsonAsync("GetMetricData", $$"""{"StartTime": 1795600000, "EndTime": 1795611600, "MetricDataQueries": [{{query}}]}"""));
        Assert.Equal(code, error.ErrorType);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricData_DuplicateIds_AreRefused()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => JsonAsync("GetMetricData",
            """{"StartTime": 1795600000, "EndTime": 1795611600, "MetricDataQueries": [{"Id": "e1", "Expression": "1"}, {"Id": "e1", "Expression": "2"}]}"""));
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListMetrics_PagesOfFiveHundred()
    {
        var data = string.Join(",", Enumerable.Range(0, 600).Select(i => $$"""{"MetricName":"M{{i:D3}}","Value":1}"""));
        await JsonAsync("PutMetricData", $$"""{"Namespace":"App","MetricData":[{{data[..(data.Length / 2)].TrimEnd(',')}}]}""");
        var rest = string.Join(",", Enumerable.Range(300, 300).Select(i => $$"""{"MetricName":"M{{i:D3}}","Value":1}"""));
        await JsonAsync("PutMetricData", $$"""{"Namespace":"App","MetricData":[{{rest}}]}""");

        var first = await JsonAsync("ListMetrics", "{}");
        var second = await JsonAsync("ListMetrics", $$"""{"NextToken": "{{first.GetProperty("NextToken").GetString()}}"}""");

        Assert.Equal(500, first.GetProperty("Metrics").GetArrayLength());
        Assert.Equal(100, second.GetProperty("Metrics").GetArrayLength());
        Assert.Equal("M500", second.GetProperty("Metrics")[0].GetProperty("MetricName").GetString());
    }

    [Fact]
    public async Task PutMetricAlarm_ThenDescribeAlarms_InQueryForm()
    {
        await QueryAsync("PutMetricAlarm", "AlarmName=high&Namespace=App&MetricName=Errors&Statistic=Sum&Period=60&EvaluationPeriods=2&DatapointsToAlarm=1" +
            "&Threshold=5&ComparisonOperator=GreaterThanThreshold&TreatMissingData=notBreaching&AlarmActions.member.1=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Aops" +
            "&Dimensions.member.1.Name=Api&Dimensions.member.1.Value=a1");

        var result = (await QueryAsync("DescribeAlarms", "AlarmNamePrefix=hi&StateValue=INSUFFICIENT_DATA"))!;
        var alarm = Assert.Single(result.Element(N("MetricAlarms"))!.Elements(N("member")));
        Assert.Equal("high", alarm.Element(N("AlarmName"))!.Value);
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:ops", alarm.Element(N("AlarmActions"))!.Element(N("member"))!.Value);
        Assert.Equal("a1", alarm.Element(N("Dimensions"))!.Element(N("member"))!.Element(N("Value"))!.Value);
        Assert.Equal(("2", "1", "notBreaching"), (alarm.Element(N("EvaluationPeriods"))!.Value, alarm.Element(N("DatapointsToAlarm"))!.Value, alarm.Element(N("TreatMissingData"))!.Value));
        Assert.Empty(result.Element(N("CompositeAlarms"))!.Elements());
        Assert.Empty((await QueryAsync("DescribeAlarms", "StateValue=ALARM"))!.Element(N("MetricAlarms"))!.Elements());
        Assert.Single((await QueryAsync("DescribeAlarms", "ActionPrefix=arn%3Aaws%3Asns"))!.Element(N("MetricAlarms"))!.Elements());
        Assert.Single((await QueryAsync("DescribeAlarmsForMetric", "Namespace=App&MetricName=Errors&Dimensions.member.1.Name=Api&Dimensions.member.1.Value=a1"))!
            .Element(N("MetricAlarms"))!.Elements());
        Assert.Empty((await QueryAsync("DescribeAlarmsForMetric", "Namespace=App&MetricName=Errors"))!.Element(N("MetricAlarms"))!.Elements());
    }

    [Theory]
    [InlineData("&Statistic=Sum&ExtendedStatistic=p99", "InvalidParameterCombination", "Exactly one of Statistic and ExtendedStatistic")]
    [InlineData("&Statistic=Sum&DatapointsToAlarm=3", "InvalidParameterValue", "DatapointsToAlarm (3) must be less than or equal to EvaluationPeriods (2)")]
    [InlineData("&Statistic=Sum&AlarmActions.member.1=arn:aws:automate:us-east-1:ec2:stop", "InvalidParameterValue", "SNS topic actions")]
    [InlineData("&Statistic=Sum&AlarmActions.member.1=arn:aws:sns:eu-west-1:000000000000:t", "InvalidParameterValue", "Invalid region eu-west-1")]
    [InlineData("&Statistic=Sum&OKActions.member.1=not-an-arn", "InvalidParameterValue", "Invalid arn syntax")]
    [InlineData("&Statistic=Average&ComparisonOperator=Above", "ValidationError", "ComparisonOperator")]
    [InlineData("&Statistic=Sum&ComparisonOperator=LessThanLowerOrGreaterThanUpperThreshold", "InvalidParameterValue", "anomaly detection band")]
    [InlineData("&Statistic=Sum&TreatMissingData=zero", "ValidationError", "TreatMissingData")]
    [InlineData("&Statistic=Sum&Period=45", "InvalidParameterValue", "multiple of 60")]
    [InlineData("&Statistic=Sum&Period=3600&EvaluationPeriods=200", "InvalidParameterCombination", "7 days")]
    public async Task PutMetricAlarm_BadInput_AnswersAwsError(string extra, string code, string message)
    {
        // Extra parameters come first: the first of repeated names wins.
        var form = "AlarmName=x&Namespace=App&MetricName=Errors&Threshold=1" + extra +
            "&EvaluationPeriods=2&ComparisonOperator=GreaterThanThreshold&Period=60";
        var error = await FailsAsync("PutMetricAlarm", form);
        Assert.Equal(code, error.ErrorType);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAlarmState_BadReasonData_IsInvalidFormat()
    {
        await QueryAsync("PutMetricAlarm", "AlarmName=x&Namespace=App&MetricName=E&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold");

        var error = await FailsAsync("SetAlarmState", "AlarmName=x&StateValue=ALARM&StateReason=r&StateReasonData=%7Bnot");
        Assert.Equal((400, "InvalidFormat"), (error.StatusCode, error.ErrorType));
        var missing = await FailsAsync("SetAlarmState", "AlarmName=y&StateValue=ALARM&StateReason=r");
        Assert.Equal((404, "ResourceNotFound"), (missing.StatusCode, missing.ErrorType));
    }

    [Fact]
    public async Task DescribeAlarmHistory_FiltersByTypeAndPages()
    {
        await QueryAsync("PutMetricAlarm", "AlarmName=x&Namespace=App&MetricName=E&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold");
        foreach (var state in new[] { "ALARM", "OK", "ALARM" })
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await QueryAsync("SetAlarmState", $"AlarmName=x&StateValue={state}&StateReason=r");
        }

        var updates = (await QueryAsync("DescribeAlarmHistory", "AlarmName=x&HistoryItemType=StateUpdate&MaxRecords=2"))!;
        var page = updates.Element(N("AlarmHistoryItems"))!.Elements(N("member")).ToList();
        Assert.Equal(["Alarm updated from OK to ALARM", "Alarm updated from ALARM to OK"], page.Select(i => i.Element(N("HistorySummary"))!.Value));
        var token = updates.Element(N("NextToken"))!.Value;
        var rest = (await QueryAsync("DescribeAlarmHistory", $"AlarmName=x&HistoryItemType=StateUpdate&MaxRecords=2&NextToken={Uri.EscapeDataString(token)}"))!;
        Assert.Equal("Alarm updated from INSUFFICIENT_DATA to ALARM", Assert.Single(rest.Element(N("AlarmHistoryItems"))!.Elements(N("member"))).Element(N("HistorySummary"))!.Value);
        var oldest = (await QueryAsync("DescribeAlarmHistory", "AlarmName=x&ScanBy=TimestampAscending&MaxRecords=1"))!;
        Assert.Equal("ConfigurationUpdate", oldest.Element(N("AlarmHistoryItems"))!.Element(N("member"))!.Element(N("HistoryItemType"))!.Value);
    }

    [Fact]
    public async Task EnableDisableAlarmActions_ToggleActionsEnabled()
    {
        await QueryAsync("PutMetricAlarm", "AlarmName=x&Namespace=App&MetricName=E&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold");

        await QueryAsync("DisableAlarmActions", "AlarmNames.member.1=x");
        Assert.False((await _alarms.Store.GetAsync("x", CancellationToken.None))!.ActionsEnabled);
        await QueryAsync("EnableAlarmActions", "AlarmNames.member.1=x");
        Assert.True((await _alarms.Store.GetAsync("x", CancellationToken.None))!.ActionsEnabled);
    }

    [Fact]
    public async Task DescribeAlarms_JsonWithNumbers_PagesByMaxRecords()
    {
        foreach (var name in new[] { "b", "a", "c" })
        {
            await JsonAsync("PutMetricAlarm", $$"""
                {"AlarmName": "{{name}}", "Namespace": "App", "MetricName": "E", "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1,
                 "Threshold": 1.5, "ComparisonOperator": "LessThanThreshold", "ActionsEnabled": false, "Tags": []}
                """);
        }

        var first = await JsonAsync("DescribeAlarms", """{"MaxRecords": 2}""");
        var second = await JsonAsync("DescribeAlarms", $$"""{"MaxRecords": 2, "NextToken": "{{first.GetProperty("NextToken").GetString()}}"}""");

        Assert.Equal(["a", "b"], first.GetProperty("MetricAlarms").EnumerateArray().Select(a => a.GetProperty("AlarmName").GetString()));
        Assert.Equal("c", Assert.Single(second.GetProperty("MetricAlarms").EnumerateArray()).GetProperty("AlarmName").GetString());
        Assert.Equal(1.5, second.GetProperty("MetricAlarms")[0].GetProperty("Threshold").GetDouble());
        Assert.Equal(JsonValueKind.Number, second.GetProperty("MetricAlarms")[0].GetProperty("StateUpdatedTimestamp").ValueKind);
        Assert.False(second.GetProperty("MetricAlarms")[0].GetProperty("ActionsEnabled").GetBoolean());
        Assert.Equal("ValidationError", (await Assert.ThrowsAsync<AwsException>(() => JsonAsync("DescribeAlarms", """{"MaxRecords": 101}"""))).ErrorType);
        Assert.Equal("InvalidNextToken", (await Assert.ThrowsAsync<AwsException>(() => JsonAsync("DescribeAlarms", """{"NextToken": "%%%"}"""))).ErrorType);
    }

    [Theory]
    [InlineData(""" "ThresholdMetricId": "ad1" """, "ThresholdMetricId")]
    [InlineData(""" "Metrics": [{"Id": "m1", "Expression": "1"}] """, "Metrics")]
    [InlineData(""" "Tags": [{"Key": "k", "Value": "v"}] """, "Tags")]
    public async Task PutMetricAlarm_UnsupportedMembers_AreRefusedNotIgnored(string member, string name)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => JsonAsync("PutMetricAlarm", $$"""
            {"AlarmName": "x", "Namespace": "App", "MetricName": "E", "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1,
             "Threshold": 1, "ComparisonOperator": "LessThanThreshold", {{member}}}
            """));
        Assert.Equal("InvalidParameterValue", error.ErrorType);
        Assert.Contains($"The parameter {name} is not supported by Gatehouse yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAction_IsInvalidAction() =>
        Assert.Equal("InvalidAction", (await FailsAsync("PutDashboard", "")).ErrorType);
}
