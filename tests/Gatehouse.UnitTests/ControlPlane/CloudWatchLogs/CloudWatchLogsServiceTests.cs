using System.Text.Json;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatchLogs;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Logs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.ControlPlane.CloudWatchLogs;

/// <summary>CloudWatch Logs' operations as the API reference describes them, on a store with a clock the test moves.</summary>
public sealed class CloudWatchLogsServiceTests : IDisposable
{
    private const long Hour = 3_600_000;
    private static readonly string[] OneStream = ["s"];
    private const long Day = 24 * Hour;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-logsapi-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new();
    private readonly LogStore _store;
    private readonly CloudWatchLogsService _service;

    public CloudWatchLogsServiceTests()
    {
        _store = LogStore.InDataDirectory(_directory, _time);
        _service = new CloudWatchLogsService(_store, new ControlPlaneOptions { Region = "eu-west-1", AccountId = "123456789012" }, _time);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PutLogEvents_TooOldExpiredAndTooNew_AreRejectedByIndexAndTheRestStored()
    {
        await GivenStreamAsync("g", "s");
        await CallAsync("PutRetentionPolicy", new { logGroupName = "g", retentionInDays = 14 });
        // 0: older than 14 days (too old, also past the retention) · 1: an hour ago · 2, 3: now · 4: 3 hours ahead.
        var answer = await CallAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new object[]
            {
                new { timestamp = Now - (15 * Day), message = "too old" },
                new { timestamp = Now - Hour, message = "kept 1" },
                new { timestamp = Now, message = "kept 2" },
                new { timestamp = Now, message = "kept 3" },
                new { timestamp = Now + (3 * Hour), message = "too new" },
            },
        });

        var rejected = answer.GetProperty("rejectedLogEventsInfo");
        Assert.Equal(1, rejected.GetProperty("tooOldLogEventEndIndex").GetInt32());
        Assert.Equal(4, rejected.GetProperty("tooNewLogEventStartIndex").GetInt32());
        Assert.False(rejected.TryGetProperty("expiredLogEventEndIndex", out _));
        Assert.Equal(["kept 1", "kept 2", "kept 3"], await MessagesAsync("g", "s"));
    }

    [Fact]
    public async Task PutLogEvents_PastTheRetentionButWithin14Days_IsExpired()
    {
        await GivenStreamAsync("g", "s");
        await CallAsync("PutRetentionPolicy", new { logGroupName = "g", retentionInDays = 1 });

        var answer = await CallAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new object[] { new { timestamp = Now - (2 * Day), message = "expired" }, new { timestamp = Now, message = "kept" } },
        });

        Assert.Equal(1, answer.GetProperty("rejectedLogEventsInfo").GetProperty("expiredLogEventEndIndex").GetInt32());
        Assert.Equal(["kept"], await MessagesAsync("g", "s"));
    }

    [Fact]
    public async Task PutLogEvents_AllAccepted_HasNoRejectedInfo()
    {
        await GivenStreamAsync("g", "s");

        var answer = await CallAsync("PutLogEvents", new { logGroupName = "g", logStreamName = "s", logEvents = new[] { new { timestamp = Now, message = "m" } } });

        Assert.False(answer.TryGetProperty("rejectedLogEventsInfo", out _));
        Assert.True(answer.TryGetProperty("nextSequenceToken", out _));
    }

    [Fact]
    public async Task PutLogEvents_OutOfChronologicalOrder_IsInvalidParameter()
    {
        await GivenStreamAsync("g", "s");

        var error = await FailAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new[] { new { timestamp = Now, message = "b" }, new { timestamp = Now - 1, message = "a" } },
        });

        Assert.Equal("InvalidParameterException", error.ErrorType);
        Assert.Equal("Log events in a single PutLogEvents request must be in chronological order.", error.Message);
        Assert.Empty(await MessagesAsync("g", "s"));
    }

    [Fact]
    public async Task PutLogEvents_SpanningMoreThan24Hours_IsInvalidParameter()
    {
        await GivenStreamAsync("g", "s");

        var error = await FailAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new[] { new { timestamp = Now - (25 * Hour), message = "a" }, new { timestamp = Now, message = "b" } },
        });

        Assert.Equal("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.", error.Message);
    }

    [Fact]
    public async Task PutLogEvents_OverAMegabyte_IsUploadTooLarge()
    {
        await GivenStreamAsync("g", "s");
        var message = new string('x', 1_048_576 - 26 - 25);

        var error = await FailAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new[] { new { timestamp = Now, message }, new { timestamp = Now, message = "y" } },
        });

        Assert.Equal("Upload too large: 1048578 bytes exceeds limit of 1048576", error.Message);
    }

    [Fact]
    public async Task PutLogEvents_UnknownGroupOrStream_IsResourceNotFound()
    {
        await GivenStreamAsync("g", "s");
        var events = new[] { new { timestamp = Now, message = "m" } };

        var group = await FailAsync("PutLogEvents", new { logGroupName = "nope", logStreamName = "s", logEvents = events });
        var stream = await FailAsync("PutLogEvents", new { logGroupName = "g", logStreamName = "nope", logEvents = events });

        Assert.Equal(("ResourceNotFoundException", "The specified log group does not exist."), (group.ErrorType, group.Message));
        Assert.Equal(("ResourceNotFoundException", "The specified log stream does not exist."), (stream.ErrorType, stream.Message));
    }

    [Fact]
    public async Task PutLogEvents_SeveralBadMembers_ReportsThemAllAtOnce()
    {
        var error = await FailAsync("PutLogEvents", new
        {
            logGroupName = "bad name",
            logStreamName = "a:b",
            logEvents = new object[] { new { message = "no timestamp" }, new { timestamp = Now, message = "" } },
        });

        Assert.Equal("InvalidParameterException", error.ErrorType);
        Assert.StartsWith("4 validation errors detected: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value 'a:b' at 'logStreamName'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value '' at 'logEvents.2.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogEvents_PagingForward_EndsWithTheSameTokenItWasGiven()
    {
        await GivenEventsAsync("g", "s", "a", "b", "c");

        var first = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", startFromHead = true, limit = 2 });
        var second = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", startFromHead = true, nextToken = Token(first, "nextForwardToken") });
        var end = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", startFromHead = true, nextToken = Token(second, "nextForwardToken") });

        Assert.Equal(["a", "b"], Messages(first));
        Assert.Equal(["c"], Messages(second));
        Assert.Empty(Messages(end));
        Assert.Equal(Token(second, "nextForwardToken"), Token(end, "nextForwardToken"));
        Assert.StartsWith("f/", Token(first, "nextForwardToken"), StringComparison.Ordinal);
        Assert.StartsWith("b/", Token(first, "nextBackwardToken"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLogEvents_Default_GivesTheLatestEventsAndPagesBackward()
    {
        await GivenEventsAsync("g", "s", "a", "b", "c");

        var latest = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", limit = 2 });
        var earlier = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", limit = 2, nextToken = Token(latest, "nextBackwardToken") });
        var none = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", limit = 2, nextToken = Token(earlier, "nextBackwardToken") });

        Assert.Equal(["b", "c"], Messages(latest));
        Assert.Equal(["a"], Messages(earlier));
        Assert.Empty(Messages(none));
        Assert.Equal(Token(earlier, "nextBackwardToken"), Token(none, "nextBackwardToken"));
    }

    [Fact]
    public async Task GetLogEvents_ForwardTokenAfterTheEnd_SeesEventsPutLater()
    {
        await GivenEventsAsync("g", "s", "a");
        var first = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s" });

        _time.Advance(TimeSpan.FromSeconds(1));
        await CallAsync("PutLogEvents", new { logGroupName = "g", logStreamName = "s", logEvents = new[] { new { timestamp = Now, message = "later" } } });
        var next = await CallAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", startFromHead = true, nextToken = Token(first, "nextForwardToken") });

        Assert.Equal(["later"], Messages(next));
    }

    [Theory]
    [InlineData("x/123")]
    [InlineData("f/123")]
    public async Task GetLogEvents_ForeignToken_IsInvalidParameter(string token)
    {
        await GivenEventsAsync("g", "s", "a");

        var error = await FailAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s", nextToken = token });

        Assert.Equal("InvalidParameterException", error.ErrorType);
    }

    [Fact]
    public async Task GetLogEvents_ByLogGroupArn_ReadsTheGroup()
    {
        await GivenEventsAsync("my/group", "s", "a");

        var answer = await CallAsync("GetLogEvents", new { logGroupIdentifier = "arn:aws:logs:eu-west-1:123456789012:log-group:my/group:*", logStreamName = "s" });

        Assert.Equal(["a"], Messages(answer));
    }

    [Fact]
    public async Task FilterLogEvents_BadPattern_IsInvalidFilterPattern()
    {
        await GivenEventsAsync("g", "s", "a");

        var error = await FailAsync("FilterLogEvents", new { logGroupName = "g", filterPattern = "{ $.status = " });

        Assert.Equal(("InvalidParameterException", "Invalid filter pattern"), (error.ErrorType, error.Message));
    }

    [Fact]
    public async Task FilterLogEvents_PatternAndPaging_ReturnsMatchesWithEventIdsAndTokens()
    {
        await GivenEventsAsync("g", "s", "{\"status\": 500}", "{\"status\": 200}", "{\"status\": 503}", "plain");

        var first = await CallAsync("FilterLogEvents", new { logGroupName = "g", filterPattern = "{ $.status >= 500 }", limit = 1 });
        var second = await CallAsync("FilterLogEvents", new { logGroupName = "g", filterPattern = "{ $.status >= 500 }", limit = 1, nextToken = first.GetProperty("nextToken").GetString() });

        Assert.Equal(["{\"status\": 500}"], Messages(first));
        Assert.Equal(["{\"status\": 503}"], Messages(second));
        Assert.False(second.TryGetProperty("nextToken", out _));
        Assert.Equal("s", first.GetProperty("events")[0].GetProperty("logStreamName").GetString());
        Assert.Equal(56, first.GetProperty("events")[0].GetProperty("eventId").GetString()!.Length);
        Assert.Equal(0, first.GetProperty("searchedLogStreams").GetArrayLength());
    }

    [Fact]
    public async Task FilterLogEvents_StreamNamesAndPrefixTogether_IsInvalidParameter()
    {
        await GivenEventsAsync("g", "s", "a");

        var error = await FailAsync("FilterLogEvents", new { logGroupName = "g", logStreamNames = OneStream, logStreamNamePrefix = "s" });

        Assert.Equal("InvalidParameterException", error.ErrorType);
    }

    [Fact]
    public async Task PutRetentionPolicy_ValueAwsDoesNotAllow_ListsTheAllowedValues()
    {
        await CallAsync("CreateLogGroup", new { logGroupName = "g" });

        var error = await FailAsync("PutRetentionPolicy", new { logGroupName = "g", retentionInDays = 2 });

        Assert.Equal("InvalidParameterException", error.ErrorType);
        Assert.Equal(
            "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: " +
            "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]", error.Message);
    }

    [Fact]
    public async Task DescribeLogGroups_ShowsRetentionArnAndPagesWithTokens()
    {
        await CallAsync("CreateLogGroup", new { logGroupName = "a" });
        await CallAsync("CreateLogGroup", new { logGroupName = "b" });
        await CallAsync("PutRetentionPolicy", new { logGroupName = "a", retentionInDays = 30 });

        var first = await CallAsync("DescribeLogGroups", new { limit = 1 });
        var second = await CallAsync("DescribeLogGroups", new { limit = 1, nextToken = first.GetProperty("nextToken").GetString() });

        var a = first.GetProperty("logGroups")[0];
        Assert.Equal("a", a.GetProperty("logGroupName").GetString());
        Assert.Equal(30, a.GetProperty("retentionInDays").GetInt32());
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:a:*", a.GetProperty("arn").GetString());
        Assert.Equal(Now, a.GetProperty("creationTime").GetInt64());
        Assert.Equal("b", second.GetProperty("logGroups")[0].GetProperty("logGroupName").GetString());
        Assert.False(second.GetProperty("logGroups")[0].TryGetProperty("retentionInDays", out _));
        Assert.False(second.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task DescribeLogStreams_LastEventTimeWithPrefix_IsInvalidParameter()
    {
        await GivenStreamAsync("g", "s");

        var error = await FailAsync("DescribeLogStreams", new { logGroupName = "g", orderBy = "LastEventTime", logStreamNamePrefix = "s" });

        Assert.Equal(("InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix."), (error.ErrorType, error.Message));
    }

    [Fact]
    public async Task DescribeLogStreams_BothNameAndIdentifier_IsInvalidParameter()
    {
        await GivenStreamAsync("g", "s");

        var error = await FailAsync("DescribeLogStreams", new { logGroupName = "g", logGroupIdentifier = "g" });

        Assert.Equal("InvalidParameterException", error.ErrorType);
    }

    [Fact]
    public async Task CreateLogGroup_WithTags_SaysItIsNotSupported()
    {
        var error = await FailAsync("CreateLogGroup", new { logGroupName = "g", tags = new { team = "a" } });

        Assert.Equal("InvalidParameterException", error.ErrorType);
        Assert.Contains("tags", error.Message, StringComparison.Ordinal);
        Assert.Null(_store.GetGroup("g"));
    }

    [Fact]
    public async Task InvokeAsync_UnknownOperation_IsUnknownOperation()
    {
        var error = await FailAsync("PutMetricFilter", new { logGroupName = "g" });

        Assert.Equal("UnknownOperationException", error.ErrorType);
    }

    [Fact]
    public async Task InvokeAsync_MemberOfTheWrongType_IsSerializationException()
    {
        var error = await FailAsync("CreateLogGroup", new { logGroupName = 5 });

        Assert.Equal("SerializationException", error.ErrorType);
    }

    private async Task GivenStreamAsync(string group, string stream)
    {
        await CallAsync("CreateLogGroup", new { logGroupName = group });
        await CallAsync("CreateLogStream", new { logGroupName = group, logStreamName = stream });
    }

    private async Task GivenEventsAsync(string group, string stream, params string[] messages)
    {
        await GivenStreamAsync(group, stream);
        await CallAsync("PutLogEvents", new
        {
            logGroupName = group,
            logStreamName = stream,
            logEvents = messages.Select((message, i) => new { timestamp = Now - 1000 + i, message }).ToArray(),
        });
    }

    private async Task<List<string>> MessagesAsync(string group, string stream) =>
        Messages(await CallAsync("GetLogEvents", new { logGroupName = group, logStreamName = stream, startFromHead = true }));

    private static List<string> Messages(JsonElement answer) =>
        [.. answer.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)];

    private static string Token(JsonElement answer, string name) => answer.GetProperty(name).GetString()!;

    private async Task<JsonElement> CallAsync(string operation, object body)
    {
        using var request = JsonDocument.Parse(JsonSerializer.Serialize(body));
        var write = await _service.InvokeAsync(new JsonCall(operation, request.RootElement.Clone(), null, new DefaultHttpContext()), CancellationToken.None);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write?.Invoke(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private async Task<AwsException> FailAsync(string operation, object body) =>
        await Assert.ThrowsAsync<AwsException>(() => CallAsync(operation, body));
}
