using Gatehouse.Functions.Logs;
using Gatehouse.Observability.Logs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Functions.Logs;

public sealed class FunctionLogsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-functionlogs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Append_ThroughTheLogWriter_LandsInTheFunctionsLogGroup()
    {
        var store = LogStore.InDataDirectory(_directory, TimeProvider.System);
        await using var writer = new LogWriter(store, NullLogger<LogWriter>.Instance);
        await using var logs = new FunctionLogs(store, writer);

        logs.Append("fn", "2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef", [new LogEvent(1000, "START"), new LogEvent(1001, "hello")]);
        await logs.FlushAsync(CancellationToken.None);

        var stream = Assert.Single(logs.ListStreams("fn"));
        Assert.Equal(["START", "hello"], logs.ReadStream("fn", stream).Select(e => e.Message));
        Assert.NotNull(store.GetGroup("/aws/lambda/fn"));
        store.Dispose();
    }

    [Fact]
    public void ImportLegacyFiles_JsonLinesOfAnEarlierVersion_AreMovedIntoTheStoreOnce()
    {
        var legacy = Path.Combine(_directory, "logs", "lambda", "fn");
        Directory.CreateDirectory(legacy);
        File.WriteAllLines(Path.Combine(legacy, Uri.EscapeDataString("2026/11/25/[$LATEST]abc") + ".jsonl"),
            ["""{"T":1000,"M":"START RequestId: 1"}""", """{"T":1001,"M":"old line"}"""]);
        using var store = LogStore.InDataDirectory(_directory, TimeProvider.System);

        FunctionLogs.ImportLegacyFiles(_directory, store, NullLogger.Instance);
        FunctionLogs.ImportLegacyFiles(_directory, store, NullLogger.Instance);

        Assert.Equal(LogStoreStatus.Ok, store.ReadEvents("/aws/lambda/fn", "2026/11/25/[$LATEST]abc", 0, long.MaxValue, LogPosition.Start, true, 100, out var events));
        Assert.Equal(["START RequestId: 1", "old line"], events.Select(e => e.Message));
        Assert.False(Directory.Exists(Path.Combine(_directory, "logs", "lambda")));
        Assert.True(Directory.Exists(Path.Combine(_directory, "logs", "lambda.imported")));
    }
}
