using System.Diagnostics;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane.CloudWatchLogs;

/// <summary>
/// CloudWatch Logs driven by the real AWS CLI v2 (<c>/usr/bin/aws logs …</c>, <c>aws logs tail --follow</c>) against a
/// real server of its own (one test restarts it).
/// </summary>
public sealed class CloudWatchLogsCliTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;

    private AwsCli Cli => new(_server.BaseAddress);

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public async Task InitializeAsync() => _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<CliResult> LogsAsync(params string[] arguments) => Cli.RunAsync(["logs", .. arguments]);

    [Fact]
    public async Task GivenTheCli_WhenGroupsAndStreamsAreCreatedDescribedAndDeleted_ThenLogsAnswersAsAws()
    {
        (await LogsAsync("create-log-group", "--log-group-name", "/app/web")).ShouldSucceed();
        (await LogsAsync("create-log-group", "--log-group-name", "/app/worker")).ShouldSucceed();
        (await LogsAsync("create-log-group", "--log-group-name", "/other")).ShouldSucceed();
        Assert.Equal("The specified log group already exists",
            (await LogsAsync("create-log-group", "--log-group-name", "/app/web")).ShouldFailWith("ResourceAlreadyExistsException", "CreateLogGroup"));
        Assert.Contains("Value 'bad name' at 'logGroupName' failed to satisfy constraint",
            (await LogsAsync("create-log-group", "--log-group-name", "bad name")).ShouldFailWith("InvalidParameterException", "CreateLogGroup"), StringComparison.Ordinal);

        var groups = (await LogsAsync("describe-log-groups", "--log-group-name-prefix", "/app/")).ShouldSucceed().Json.GetProperty("logGroups");
        Assert.Equal(["/app/web", "/app/worker"], groups.EnumerateArray().Select(g => g.GetProperty("logGroupName").GetString()));
        Assert.Equal("arn:aws:logs:us-east-1:000000000000:log-group:/app/web:*", groups[0].GetProperty("arn").GetString());
        Assert.InRange(groups[0].GetProperty("creationTime").GetInt64(), Now - 60_000, Now + 1000);
        // The CLI pages through DescribeLogGroups by itself: a page size of 1 still lists all three.
        var paged = (await LogsAsync("describe-log-groups", "--page-size", "1")).ShouldSucceed().Json.GetProperty("logGroups");
        Assert.Equal(3, paged.GetArrayLength());

        (await LogsAsync("create-log-stream", "--log-group-name", "/app/web", "--log-stream-name", "b-instance")).ShouldSucceed();
        (await LogsAsync("create-log-stream", "--log-group-name", "/app/web", "--log-stream-name", "a-instance")).ShouldSucceed();
        Assert.Equal("The specified log stream already exists",
            (await LogsAsync("create-log-stream", "--log-group-name", "/app/web", "--log-stream-name", "a-instance")).ShouldFailWith("ResourceAlreadyExistsException", "CreateLogStream"));
        Assert.Equal("The specified log group does not exist.",
            (await LogsAsync("create-log-stream", "--log-group-name", "/nope", "--log-stream-name", "s")).ShouldFailWith("ResourceNotFoundException", "CreateLogStream"));
        (await LogsAsync("put-log-events", "--log-group-name", "/app/web", "--log-stream-name", "b-instance", "--log-events", $"timestamp={Now},message=hi")).ShouldSucceed();

        var streams = (await LogsAsync("describe-log-streams", "--log-group-name", "/app/web")).ShouldSucceed().Json.GetProperty("logStreams");
        Assert.Equal(["a-instance", "b-instance"], streams.EnumerateArray().Select(s => s.GetProperty("logStreamName").GetString()));
        Assert.Equal("arn:aws:logs:us-east-1:000000000000:log-group:/app/web:log-stream:a-instance", streams[0].GetProperty("arn").GetString());
        Assert.False(streams[0].TryGetProperty("lastEventTimestamp", out _));
        Assert.True(streams[1].TryGetProperty("lastEventTimestamp", out _));
        var byTime = (await LogsAsync("describe-log-streams", "--log-group-name", "/app/web", "--order-by", "LastEventTime", "--descending")).ShouldSucceed().Json;
        Assert.Equal("b-instance", byTime.GetProperty("logStreams")[0].GetProperty("logStreamName").GetString());

        (await LogsAsync("delete-log-stream", "--log-group-name", "/app/web", "--log-stream-name", "a-instance")).ShouldSucceed();
        Assert.Equal("The specified log stream does not exist.",
            (await LogsAsync("delete-log-stream", "--log-group-name", "/app/web", "--log-stream-name", "a-instance")).ShouldFailWith("ResourceNotFoundException", "DeleteLogStream"));
        (await LogsAsync("delete-log-group", "--log-group-name", "/app/web")).ShouldSucceed();
        Assert.Equal("The specified log group does not exist.",
            (await LogsAsync("delete-log-group", "--log-group-name", "/app/web")).ShouldFailWith("ResourceNotFoundException", "DeleteLogGroup"));
        Assert.Equal("The specified log group does not exist.",
            (await LogsAsync("describe-log-streams", "--log-group-name", "/app/web")).ShouldFailWith("ResourceNotFoundException", "DescribeLogStreams"));
    }

    [Fact]
    public async Task GivenEvents_WhenGetLogEventsPagesWithTokens_ThenEveryEventComesOnceInOrderAndTheLastTokenRepeats()
    {
        await GivenStreamAsync("paging", "s");
        var start = Now - 10_000;
        var events = string.Join(", ", Enumerable.Range(0, 5).Select(i => $$"""{"timestamp": {{start + i}}, "message": "event {{i}}"}"""));
        (await LogsAsync("put-log-events", "--log-group-name", "paging", "--log-stream-name", "s", "--log-events", $"[{events}]")).ShouldSucceed();

        var messages = new List<string>();
        string? token = null;
        for (var calls = 0; calls < 10; calls++)
        {
            var page = (await LogsAsync(["get-log-events", "--log-group-name", "paging", "--log-stream-name", "s", "--start-from-head", "--limit", "2",
                .. token is null ? Array.Empty<string>() : ["--next-token", token]])).ShouldSucceed().Json;
            messages.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!));
            var next = page.GetProperty("nextForwardToken").GetString()!;
            Assert.StartsWith("f/", next, StringComparison.Ordinal);
            if (next == token)
            {
                break;
            }

            token = next;
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"event {i}"), messages);
        var latest = (await LogsAsync("get-log-events", "--log-group-name", "paging", "--log-stream-name", "s", "--limit", "2")).ShouldSucceed().Json;
        Assert.Equal(["event 3", "event 4"], latest.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task GivenEvents_WhenFilteredByATermAndByAJsonPattern_ThenOnlyMatchesComeBackAcrossStreams()
    {
        await GivenStreamAsync("filtering", "web-1");
        (await LogsAsync("create-log-stream", "--log-group-name", "filtering", "--log-stream-name", "web-2")).ShouldSucceed();
        var t = Now - 5000;
        await PutAsync("filtering", "web-1", (t, "[ERROR] database down"), (t + 2, """{"status": 500, "path": "/orders"}"""), (t + 4, "INFO fine"));
        await PutAsync("filtering", "web-2", (t + 1, """{"status": 200, "path": "/orders"}"""), (t + 3, "[ERROR] cache miss storm"), (t + 5, """{"status": 503, "path": "/health"}"""));

        var errors = (await LogsAsync("filter-log-events", "--log-group-name", "filtering", "--filter-pattern", "ERROR")).ShouldSucceed().Json;
        Assert.Equal(["web-1:[ERROR] database down", "web-2:[ERROR] cache miss storm"], Lines(errors));

        var failures = (await LogsAsync("filter-log-events", "--log-group-name", "filtering", "--filter-pattern", "{ $.status >= 500 && $.path = \"/o*\" }")).ShouldSucceed().Json;
        Assert.Equal(["web-1:{\"status\": 500, \"path\": \"/orders\"}"], Lines(failures));

        var fiveHundred = (await LogsAsync("filter-log-events", "--log-group-name", "filtering", "--filter-pattern", "{ $.status = 500 }", "--log-stream-names", "web-2")).ShouldSucceed().Json;
        Assert.Empty(Lines(fiveHundred));

        // The CLI follows nextToken by itself: a page size of 1 still finds all six events.
        var all = (await LogsAsync("filter-log-events", "--log-group-name", "filtering", "--page-size", "1")).ShouldSucceed().Json;
        Assert.Equal(6, all.GetProperty("events").GetArrayLength());
        Assert.Equal(6, all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).Distinct().Count());

        Assert.Equal("Invalid filter pattern",
            (await LogsAsync("filter-log-events", "--log-group-name", "filtering", "--filter-pattern", "{ $.status = ")).ShouldFailWith("InvalidParameterException", "FilterLogEvents"));
        Assert.Equal("The specified log group does not exist.",
            (await LogsAsync("filter-log-events", "--log-group-name", "nope")).ShouldFailWith("ResourceNotFoundException", "FilterLogEvents"));
    }

    [Fact]
    public async Task GivenARetentionPolicy_WhenEventsAreOlderThanIt_ThenTheyAreNoLongerReturned()
    {
        await GivenStreamAsync("retained", "s");
        await PutAsync("retained", "s", (Now - (2 * 86_400_000L), "two days old"));
        await PutAsync("retained", "s", (Now - 1000, "fresh"));
        Assert.Equal(2, Lines((await LogsAsync("filter-log-events", "--log-group-name", "retained")).ShouldSucceed().Json).Count);

        (await LogsAsync("put-retention-policy", "--log-group-name", "retained", "--retention-in-days", "1")).ShouldSucceed();

        Assert.Equal(["s:fresh"], Lines((await LogsAsync("filter-log-events", "--log-group-name", "retained")).ShouldSucceed().Json));
        var events = (await LogsAsync("get-log-events", "--log-group-name", "retained", "--log-stream-name", "s", "--start-from-head")).ShouldSucceed().Json;
        Assert.Equal(["fresh"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        var group = (await LogsAsync("describe-log-groups", "--log-group-name-prefix", "retained")).ShouldSucceed().Json.GetProperty("logGroups")[0];
        Assert.Equal(1, group.GetProperty("retentionInDays").GetInt32());
        // Putting an event older than the retention: accepted call, event rejected as expired.
        var put = (await LogsAsync("put-log-events", "--log-group-name", "retained", "--log-stream-name", "s", "--log-events",
            $"timestamp={Now - (3 * 86_400_000L)},message=late")).ShouldSucceed().Json;
        Assert.Equal(1, put.GetProperty("rejectedLogEventsInfo").GetProperty("expiredLogEventEndIndex").GetInt32());

        Assert.Contains("Member must satisfy enum value set: [1, 3, 5, 7, 14, 30",
            (await LogsAsync("put-retention-policy", "--log-group-name", "retained", "--retention-in-days", "2")).ShouldFailWith("InvalidParameterException", "PutRetentionPolicy"),
            StringComparison.Ordinal);
        Assert.Equal("The specified log group does not exist.",
            (await LogsAsync("put-retention-policy", "--log-group-name", "nope", "--retention-in-days", "1")).ShouldFailWith("ResourceNotFoundException", "PutRetentionPolicy"));
        (await LogsAsync("delete-retention-policy", "--log-group-name", "retained")).ShouldSucceed();
        group = (await LogsAsync("describe-log-groups", "--log-group-name-prefix", "retained")).ShouldSucceed().Json.GetProperty("logGroups")[0];
        Assert.False(group.TryGetProperty("retentionInDays", out _));
    }

    [Fact]
    public async Task GivenLogs_WhenGatehouseRestarts_ThenGroupsStreamsEventsAndRetentionRemain()
    {
        await GivenStreamAsync("durable", "s");
        await PutAsync("durable", "s", (Now - 1000, "before the restart"));
        (await LogsAsync("put-retention-policy", "--log-group-name", "durable", "--retention-in-days", "7")).ShouldSucceed();

        await _server.RestartAsync();

        var events = (await LogsAsync("get-log-events", "--log-group-name", "durable", "--log-stream-name", "s")).ShouldSucceed().Json;
        Assert.Equal(["before the restart"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        var group = (await LogsAsync("describe-log-groups", "--log-group-name-prefix", "durable")).ShouldSucceed().Json.GetProperty("logGroups")[0];
        Assert.Equal(7, group.GetProperty("retentionInDays").GetInt32());
    }

    [Fact]
    public async Task GivenAFunction_WhenItIsInvoked_ThenItsOutputIsInItsLogGroupAsLambdaWritesIt()
    {
        var name = LambdaKit.UniqueName("logger");
        await Cli.CreateFunctionAsync(name, LambdaKit.Zip(("index.js",
            "exports.handler = async (event) => { console.log('marker', event.marker); return 'ok'; };\n", 0x8000 | 0b110_100_100)));
        var outfile = Path.GetTempFileName();
        (await Cli.LambdaAsync("invoke", "--function-name", name, "--cli-binary-format", "raw-in-base64-out", "--payload", """{"marker": "m-42"}""", outfile)).ShouldSucceed();

        // Function logs go through the background writer: they arrive within moments, not with the response.
        List<string> lines = [];
        for (var attempt = 0; attempt < 50 && !lines.Any(l => l.Contains("REPORT RequestId:", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(100);
            var found = await LogsAsync("filter-log-events", "--log-group-name", $"/aws/lambda/{name}");
            lines = found.ExitCode == 0 ? Lines(found.Json) : [];
        }

        Assert.Contains(lines, l => l.Contains("marker m-42", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("START RequestId: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("REPORT RequestId: ", StringComparison.Ordinal));
        var streams = (await LogsAsync("describe-log-streams", "--log-group-name", $"/aws/lambda/{name}")).ShouldSucceed().Json.GetProperty("logStreams");
        Assert.Matches(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", Assert.Single(streams.EnumerateArray()).GetProperty("logStreamName").GetString());
        var matched = (await LogsAsync("filter-log-events", "--log-group-name", $"/aws/lambda/{name}", "--filter-pattern", "\"marker m-42\"")).ShouldSucceed().Json;
        Assert.Single(Lines(matched));
    }

    [Fact]
    public async Task GivenTailFollow_WhenAnEventIsPutAfterItStarted_ThenItPrintsTheEvent()
    {
        await GivenStreamAsync("tailed", "s");
        await PutAsync("tailed", "s", (Now - 1000, "before-tail"));
        using var tail = StartCli("logs", "tail", "tailed", "--follow", "--format", "short");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        tail.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        tail.BeginOutputReadLine();
        tail.BeginErrorReadLine();
        try
        {
            await WaitForAsync(() => output.Any(l => l.Contains("before-tail", StringComparison.Ordinal)), "tail to print the event that was there before it started", tail);

            await PutAsync("tailed", "s", (Now, "after-tail"));

            await WaitForAsync(() => output.Any(l => l.Contains("after-tail", StringComparison.Ordinal)), "tail --follow to print the event put after it started", tail);
            Assert.Single(output, l => l.Contains("before-tail", StringComparison.Ordinal));
        }
        finally
        {
            tail.Kill(entireProcessTree: true);
            await tail.WaitForExitAsync();
        }
    }

    private async Task GivenStreamAsync(string group, string stream)
    {
        (await LogsAsync("create-log-group", "--log-group-name", group)).ShouldSucceed();
        (await LogsAsync("create-log-stream", "--log-group-name", group, "--log-stream-name", stream)).ShouldSucceed();
    }

    private async Task PutAsync(string group, string stream, params (long Timestamp, string Message)[] events)
    {
        var json = JsonSerializer.Serialize(events.Select(e => new { timestamp = e.Timestamp, message = e.Message }));
        var put = (await LogsAsync("put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", json)).ShouldSucceed().Json;
        Assert.False(put.TryGetProperty("rejectedLogEventsInfo", out _), put.ToString());
    }

    /// <summary>FilterLogEvents' events as <c>stream:message</c>.</summary>
    private static List<string> Lines(JsonElement answer) =>
        [.. answer.GetProperty("events").EnumerateArray().Select(e => $"{e.GetProperty("logStreamName").GetString()}:{e.GetProperty("message").GetString()}")];

    /// <summary>Starts the CLI as <see cref="AwsCli"/> runs it, for a command that does not end by itself.</summary>
    private Process StartCli(params string[] arguments)
    {
        var start = new ProcessStartInfo(AwsCli.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. arguments, "--endpoint-url", _server.BaseAddress.ToString().TrimEnd('/')])
        {
            start.ArgumentList.Add(argument);
        }

        var noConfig = Path.Combine(Path.GetTempPath(), "gatehouse-it-no-aws-config");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(noConfig, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(noConfig, "credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the AWS CLI");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, Process process)
    {
        // logs tail --follow polls every 5 seconds.
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(100))
        {
            if (condition())
            {
                return;
            }

            Assert.False(process.HasExited, $"aws logs tail exited with {(process.HasExited ? process.ExitCode : 0)}");
            await Task.Delay(100);
        }

        Assert.Fail($"waited 30 s for {what}");
    }
}
