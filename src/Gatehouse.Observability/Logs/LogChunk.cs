using System.Buffers;
using System.Text;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// How the store keeps events: in chunks, one row per block of one stream's events that arrived together, so that
/// appending an event costs a copy into a buffer rather than a row and two index entries. A chunk's events are in
/// timestamp order (ties in arrival order); each is written as the varint difference from the previous event's
/// timestamp (the first from the chunk's own first timestamp), the varint length of its UTF-8 message, and the
/// message. An event's id is the chunk's row id and its index in the chunk (<see cref="EventId"/>), so ids grow
/// with arrival and stay put when the retention sweep cuts a chunk's oldest events off.
/// </summary>
internal static class LogChunk
{
    /// <summary>A chunk is closed once its messages reach this many bytes (one read answers about 1 MB at most).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Events in one chunk at most (PutLogEvents' own limit per call).</summary>
    public const int MaxEvents = 10_000;

    /// <summary>
    /// How far apart a chunk's first and last events may be, at most (a later one starts a new chunk): what lets a
    /// read that starts at a time skip, by index, every chunk that began more than this before it.
    /// </summary>
    public const long MaxSpanMilliseconds = 5 * 60 * 1000;

    private const int IndexBits = 20;

    /// <summary>The id of the event at <paramref name="index"/> in chunk <paramref name="chunkId"/>.</summary>
    public static long EventId(long chunkId, int index) => (chunkId << IndexBits) | (uint)index;

    /// <summary>
    /// Sorts one stream's events by timestamp (a stable sort: ties keep their arrival order) and cuts them into
    /// chunks of at most <see cref="MaxEvents"/> events, about <see cref="MaxBytes"/> bytes of messages and
    /// <see cref="MaxSpanMilliseconds"/> from first to last, each
    /// handed to <paramref name="store"/> in <paramref name="buffer"/>'s memory (valid until the next chunk).
    /// </summary>
    public static void Encode(List<ChunkInput> events, ArrayBufferWriter<byte> buffer, Action<EncodedChunk> store)
    {
        var rented = ArrayPool<(long Timestamp, int Arrival)>.Shared.Rent(events.Count);
        try
        {
            var ordered = rented.AsSpan(0, events.Count);
            for (var i = 0; i < ordered.Length; i++)
            {
                ordered[i] = (events[i].Timestamp, i);
            }

            ordered.Sort();
            Encode(events, ordered, buffer, store);
        }
        finally
        {
            ArrayPool<(long Timestamp, int Arrival)>.Shared.Return(rented);
        }
    }

    private static void Encode(List<ChunkInput> events, ReadOnlySpan<(long Timestamp, int Arrival)> ordered, ArrayBufferWriter<byte> buffer,
        Action<EncodedChunk> store)
    {
        var start = 0;
        while (start < ordered.Length)
        {
            buffer.ResetWrittenCount();
            long messageBytes = 0;
            var first = ordered[start].Timestamp;
            var previous = first;
            var end = start;
            while (end < ordered.Length && end - start < MaxEvents &&
                (end == start || (messageBytes < MaxBytes && ordered[end].Timestamp - first <= MaxSpanMilliseconds)))
            {
                var (timestamp, arrival) = ordered[end];
                WriteVarint(buffer, (ulong)(timestamp - previous));
                messageBytes += events[arrival].Text is { } text ? WriteMessage(buffer, text) : WriteMessage(buffer, events[arrival].Utf8.Span);
                previous = timestamp;
                end++;
            }

            store(new EncodedChunk(first, previous, end - start, messageBytes, buffer.WrittenMemory));
            start = end;
        }
    }

    /// <summary><see cref="Encode(List{ChunkInput}, ArrayBufferWriter{byte}, Action{EncodedChunk})"/> into chunks of their own memory.</summary>
    public static List<EncodedChunk> Encode(List<ChunkInput> events)
    {
        var chunks = new List<EncodedChunk>();
        Encode(events, new ArrayBufferWriter<byte>(), chunk => chunks.Add(chunk with { Data = chunk.Data.ToArray() }));
        return chunks;
    }

    /// <summary>Re-encodes what <see cref="Read"/> gave (in order): the events a retention sweep keeps of a chunk.</summary>
    public static EncodedChunk Encode(IReadOnlyList<ChunkEvent> events, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length);
        long messageBytes = 0;
        var previous = events[0].Timestamp;
        foreach (var e in events)
        {
            WriteVarint(buffer, (ulong)(e.Timestamp - previous));
            WriteVarint(buffer, (ulong)e.Length);
            buffer.Write(data.Slice(e.Offset, e.Length));
            messageBytes += e.Length;
            previous = e.Timestamp;
        }

        return new EncodedChunk(events[0].Timestamp, previous, events.Count, messageBytes, buffer.WrittenMemory);
    }

    /// <summary>
    /// The events of a chunk whose first event has <paramref name="firstTimestamp"/>: their timestamps and where
    /// their messages are in <paramref name="data"/>. False when the data is not a well-formed chunk.
    /// </summary>
    public static bool Read(ReadOnlySpan<byte> data, long firstTimestamp, List<ChunkEvent> events)
    {
        var offset = 0;
        var timestamp = firstTimestamp;
        while (offset < data.Length)
        {
            if (!TryReadVarint(data, ref offset, out var delta) || !TryReadVarint(data, ref offset, out var length) ||
                length > (ulong)(data.Length - offset) || delta > long.MaxValue / 2)
            {
                return false;
            }

            timestamp += (long)delta;
            events.Add(new ChunkEvent(timestamp, offset, (int)length));
            offset += (int)length;
        }

        return true;
    }

    /// <summary>
    /// The message's length and its UTF-8 bytes, transcoded once, straight into the buffer: the length is written in
    /// three varint bytes (padded with continuation bits when shorter), filled in after; a message that may need more
    /// is measured first.
    /// </summary>
    private static int WriteMessage(ArrayBufferWriter<byte> buffer, string message)
    {
        if (Encoding.UTF8.GetMaxByteCount(message.Length) >= 1 << 21)
        {
            var byteCount = Encoding.UTF8.GetByteCount(message);
            WriteVarint(buffer, (ulong)byteCount);
            buffer.Advance(Encoding.UTF8.GetBytes(message, buffer.GetSpan(byteCount)));
            return byteCount;
        }

        var span = buffer.GetSpan(3 + Encoding.UTF8.GetMaxByteCount(message.Length));
        var length = Encoding.UTF8.GetBytes(message, span[3..]);
        span[0] = (byte)(length | 0x80);
        span[1] = (byte)((length >> 7) | 0x80);
        span[2] = (byte)(length >> 14);
        buffer.Advance(3 + length);
        return length;
    }

    /// <summary>A message already in UTF-8 (the log writer's): its length and a copy of its bytes.</summary>
    private static int WriteMessage(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> message)
    {
        WriteVarint(buffer, (ulong)message.Length);
        buffer.Write(message);
        return message.Length;
    }

    internal static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    internal static bool TryReadVarint(ReadOnlySpan<byte> data, ref int offset, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && offset < data.Length; shift += 7)
        {
            var b = data[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An event to store: its timestamp and its message, as text (<paramref name="Text"/>) or as UTF-8 bytes.</summary>
internal readonly record struct ChunkInput(long Timestamp, string? Text, ReadOnlyMemory<byte> Utf8)
{
    public ChunkInput(long timestamp, string text)
        : this(timestamp, text, default)
    {
    }
}

/// <summary>A chunk ready to store: its first and last timestamps, its events' count and message bytes, its data.</summary>
internal sealed record EncodedChunk(long FirstTimestamp, long LastTimestamp, int Count, long MessageBytes, ReadOnlyMemory<byte> Data);

/// <summary>One event of a chunk being read: its timestamp and where its UTF-8 message lies in the chunk's data.</summary>
internal readonly record struct ChunkEvent(long Timestamp, int Offset, int Length);
