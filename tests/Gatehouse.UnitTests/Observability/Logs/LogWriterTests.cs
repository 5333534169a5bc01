using System.Diagnostics.Metrics;
using Gatehouse.Observability.Logs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Observability.Logs;

public sealed class LogWriterTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-logwriter-" + Guid.NewGuid().ToString("N"));
    private LogStore _store = null!;

    public Task InitializeAsync()
    {
        _store = LogStore.InDataDirectory(_directory, TimeProvider.System);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TryWrite_ThenFlush_EventsAreInTheStoreInOrder()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance);

        for (var i = 0; i < 20_000; i++)
        {
            Assert.True(writer.TryWrite("api/access", "stage-1", 1_000 + i, $"request {i}"));
        }

        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(20_000, writer.Written);
        Assert.Equal(0, writer.Dropped);
        _store.ReadEvents("api/access", "stage-1", 0, long.MaxValue, LogPosition.End, false, 1, out var last);
        Assert.Equal("request 19999", Assert.Single(last).Message);
    }

    [Theory]
    [InlineData("bad group name", "s")]
    [InlineData("", "s")]
    [InlineData("g", "a:b")]
    [InlineData("g", "")]
    public async Task TryWrite_NameCloudWatchLogsRefuses_IsDroppedAndCounted(string group, string stream)
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance);

        Assert.False(writer.TryWrite(group, stream, 1, "x"));

        Assert.Equal(1, writer.Dropped);
    }

    [Fact]
    public async Task TryWrite_QueueFull_DropsAndCountsWithoutBlocking()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance, capacity: 1);

        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            accepted += writer.TryWrite("g", "s", i, "x") ? 1 : 0;
        }

        await writer.FlushAsync(CancellationToken.None);

        Assert.True(writer.Dropped > 0, "a queue of one cannot take 10,000 events written in a tight loop");
        Assert.Equal(10_000, accepted + writer.Dropped);
        Assert.Equal(accepted, writer.Written);
    }

    [Fact]
    public async Task TryWrite_ManyPagesOfLines_StoresEachIntactAndReusesThePages()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance);
        var expected = new List<string>();

        // Given lines enough to fill pages several times over, written in two rounds with a flush between them.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 3_000; i++)
            {
                var line = $"{{\"round\":{round},\"i\":{i},\"text\":\"ünïcödé ✓ {new string('x', i % 90)}\"}}";
                expected.Add(line);
                Assert.True(writer.TryWrite("api/access", "pages", expected.Count, line.AsSpan()));
            }

            await writer.FlushAsync(CancellationToken.None);

            // Then only the page being filled is held: the others went back to the pool.
            Assert.Equal(LogWriter.PageSize, writer.QueuedBytes);
        }

        _store.ReadEvents("api/access", "pages", 0, long.MaxValue, LogPosition.Start, true, 10_000, out var stored);
        Assert.Equal(expected, stored.Select(e => e.Message));
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task TryWrite_MessageLargerThanAQuarterPage_IsStoredWholeFromItsOwnArray()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance);
        var large = string.Concat(Enumerable.Repeat("große Zeile ✓ ", 4_000)); // 56,000 chars, 76,000 bytes of UTF-8

        Assert.True(writer.TryWrite("g", "large", 1, large.AsSpan()));
        Assert.True(writer.TryWrite("g", "large", 2, "small".AsSpan()));
        await writer.FlushAsync(CancellationToken.None);

        _store.ReadEvents("g", "large", 0, long.MaxValue, LogPosition.Start, true, 10, out var stored);
        Assert.Equal([large, "small"], stored.Select(e => e.Message));
        Assert.Equal(LogWriter.PageSize, writer.QueuedBytes); // the small line's page; the large array is let go
    }

    [Fact]
    public async Task TryWrite_MoreBytesQueuedThanAllowed_DropsAndCountsWithoutBlocking()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance, maxQueuedBytes: 2 * LogWriter.PageSize);
        var line = new string('b', 1_000);

        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            accepted += writer.TryWrite("g", "bound", i, line.AsSpan()) ? 1 : 0;
        }

        await writer.FlushAsync(CancellationToken.None);

        Assert.True(writer.Dropped > 0, "two pages cannot hold 10 MB written in a tight loop");
        Assert.Equal(10_000, accepted + writer.Dropped);
        Assert.Equal(accepted, writer.Written);
        Assert.InRange(writer.QueuedBytes, 0, 2 * LogWriter.PageSize);
    }

    [Fact]
    public async Task Meter_AfterWritesAndDrops_ReportsWrittenAndDroppedEvents()
    {
        await using var writer = new LogWriter(_store, NullLogger<LogWriter>.Instance);
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LogWriter.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = value);
        listener.Start();

        writer.TryWrite("g", "s", 1, "kept");
        writer.TryWrite("bad name", "s", 1, "dropped");
        await writer.FlushAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        Assert.Equal(1, seen["gatehouse.logs.events_written"]);
        Assert.Equal(1, seen["gatehouse.logs.events_dropped"]);
    }
}
