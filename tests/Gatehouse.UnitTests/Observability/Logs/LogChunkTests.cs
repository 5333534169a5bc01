using System.Text;
using Gatehouse.Observability.Logs;

namespace Gatehouse.UnitTests.Observability.Logs;

public sealed class LogChunkTests
{
    [Fact]
    public void Encode_EventsOutOfOrder_ReadsBackInTimeOrderWithTiesInArrivalOrder()
    {
        List<ChunkInput> events = [new(30, "c"), new(10, "a1"), new(20, "b"), new(10, "a2"), new(10, "ünï")];

        var chunk = Assert.Single(LogChunk.Encode(events));
        var read = new List<ChunkEvent>();

        Assert.True(LogChunk.Read(chunk.Data.Span, chunk.FirstTimestamp, read));
        Assert.Equal([10L, 10, 10, 20, 30], read.Select(e => e.Timestamp));
        Assert.Equal(["a1", "a2", "ünï", "b", "c"], read.Select(e => Text(chunk, e)));
        Assert.Equal((10L, 30L, 5), (chunk.FirstTimestamp, chunk.LastTimestamp, chunk.Count));
        Assert.Equal(2 + 2 + 5 + 1 + 1, chunk.MessageBytes);
    }

    [Fact]
    public void Encode_MoreThanAChunkHolds_CutsByEventCountAndBytes()
    {
        var many = Enumerable.Range(0, LogChunk.MaxEvents + 5).Select(i => new ChunkInput(i, "x")).ToList();
        var big = new string('y', 300 * 1024);
        var large = Enumerable.Range(0, 5).Select(i => new ChunkInput(i, big)).ToList();

        var byCount = LogChunk.Encode(many);
        var byBytes = LogChunk.Encode(large);

        Assert.Equal([LogChunk.MaxEvents, 5], byCount.Select(c => c.Count));
        Assert.Equal((long)LogChunk.MaxEvents, byCount[1].FirstTimestamp);
        Assert.Equal([4, 1], byBytes.Select(c => c.Count));
        Assert.All(byBytes, c => Assert.True(c.MessageBytes < LogChunk.MaxBytes + big.Length));
    }

    [Fact]
    public void Encode_EventsFarApartInTime_StartsAChunkPastTheMaximumSpan()
    {
        const long minute = 60_000;
        List<ChunkInput> events = [new(20 * minute, "d"), new(0, "a"), new(minute, "b"), new(5 * minute, "b2"), new(6 * minute, "c")];

        var chunks = LogChunk.Encode(events);

        Assert.Equal([(0L, 5 * minute), (6 * minute, 6 * minute), (20 * minute, 20 * minute)], chunks.Select(c => (c.FirstTimestamp, c.LastTimestamp)));
        Assert.All(chunks, c => Assert.True(c.LastTimestamp - c.FirstTimestamp <= LogChunk.MaxSpanMilliseconds));
    }

    [Fact]
    public void Read_TruncatedData_IsFalseWithTheEventsBeforeTheDamage()
    {
        var chunk = Assert.Single(LogChunk.Encode([new(5, "first"), new(6, "second")]));
        var read = new List<ChunkEvent>();

        Assert.False(LogChunk.Read(chunk.Data.Span[..^2], chunk.FirstTimestamp, read));
        Assert.Equal(5, Assert.Single(read).Timestamp);
    }

    [Fact]
    public void Encode_KeptEvents_ReencodesTheirMessages()
    {
        var chunk = Assert.Single(LogChunk.Encode([new(1, "old"), new(7, "kept"), new(9, "too")]));
        var read = new List<ChunkEvent>();
        LogChunk.Read(chunk.Data.Span, chunk.FirstTimestamp, read);

        var kept = LogChunk.Encode(read[1..], chunk.Data.Span);
        var again = new List<ChunkEvent>();

        Assert.True(LogChunk.Read(kept.Data.Span, kept.FirstTimestamp, again));
        Assert.Equal([(7L, "kept"), (9L, "too")], again.Select(e => (e.Timestamp, Text(kept, e))));
        Assert.Equal((7L, 9L, 2, 7L), (kept.FirstTimestamp, kept.LastTimestamp, kept.Count, kept.MessageBytes));
    }

    [Fact]
    public void Encode_MessageOfAnyLength_ReadsBackWhole()
    {
        var huge = new string('é', 1_100_000); // 2.2 MB of UTF-8: more than the three length bytes hold
        var chunks = LogChunk.Encode([new(1, ""), new(2, huge), new(3, new string('z', 200))]);

        var messages = chunks.SelectMany(chunk =>
        {
            var read = new List<ChunkEvent>();
            Assert.True(LogChunk.Read(chunk.Data.Span, chunk.FirstTimestamp, read));
            return read.Select(e => Text(chunk, e));
        });

        Assert.Equal(["", huge, new string('z', 200)], messages);
        Assert.Equal([2, 1], chunks.Select(c => c.Count)); // the chunk is full once it passed 1 MB
    }

    [Fact]
    public void Encode_TextAndUtf8Messages_ReadBackTheSame()
    {
        List<ChunkInput> events = [new(2, "text ünï"), new(1, null, Encoding.UTF8.GetBytes("bytes ünï")), new(3, null, ReadOnlyMemory<byte>.Empty)];

        var chunk = Assert.Single(LogChunk.Encode(events));
        var read = new List<ChunkEvent>();

        Assert.True(LogChunk.Read(chunk.Data.Span, chunk.FirstTimestamp, read));
        Assert.Equal(["bytes ünï", "text ünï", ""], read.Select(e => Text(chunk, e)));
        Assert.Equal(11 + 10, chunk.MessageBytes);
    }

    [Fact]
    public void EventId_GrowsWithTheChunkThenTheIndex()
    {
        Assert.True(LogChunk.EventId(1, 9_999) < LogChunk.EventId(2, 0));
        Assert.True(LogChunk.EventId(2, 0) < LogChunk.EventId(2, 1));
    }

    private static string Text(EncodedChunk chunk, ChunkEvent e) => Encoding.UTF8.GetString(chunk.Data.Span.Slice(e.Offset, e.Length));
}
