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

    private const int IndexBits = 20;

    /// <summary>The id of the event at <paramref name="index"/> in chunk <paramref name="chunkId"/>.</summary>
    public static long EventId(long chunkId, int index) => (chunkId << IndexBits) | (uint)index;

    /// <summary>
    /// Sorts one stream's events by timestamp (a stable sort: ties keep their arrival order) and cuts them into
    /// chunks of at most <see cref="MaxEvents"/> events and about <see cref="MaxBytes"/> bytes of messages.
    /// </summary>
    public static List<EncodedChunk> Encode(List<InputLogEvent> events)
    {
        var ordered = new (long Timestamp, int Arrival)[events.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = (events[i].Timestamp, i);
        }

        Array.Sort(ordered);
        var chunks = new List<EncodedChunk>();
        var buffer = new ArrayBufferWriter<byte>(Math.Min(MaxBytes, 256 + (events.Count * 64)));
        var start = 0;
        while (start < ordered.Length)
        {
            buffer.ResetWrittenCount();
            long messageBytes = 0;
            var first = ordered[start].Timestamp;
            var previous = first;
            var end = start;
            while (end < ordered.Length && end - start < MaxEvents && (end == start || messageBytes < MaxBytes))
            {
                var (timestamp, arrival) = ordered[end];
                var message = events[arrival].Message;
                var length = Encoding.UTF8.GetByteCount(message);
                WriteVarint(buffer, (ulong)(timestamp - previous));
                WriteVarint(buffer, (ulong)length);
                Encoding.UTF8.GetBytes(message, buffer.GetSpan(length));
                buffer.Advance(length);
                messageBytes += length;
                previous = timestamp;
                end++;
            }

            chunks.Add(new EncodedChunk(first, previous, end - start, messageBytes, buffer.WrittenSpan.ToArray()));
            start = end;
        }

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

        return new EncodedChunk(events[0].Timestamp, previous, events.Count, messageBytes, buffer.WrittenSpan.ToArray());
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

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
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

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int offset, out ulong value)
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

/// <summary>A chunk ready to store: its first and last timestamps, its events' count and message bytes, its data.</summary>
internal sealed record EncodedChunk(long FirstTimestamp, long LastTimestamp, int Count, long MessageBytes, byte[] Data);

/// <summary>One event of a chunk being read: its timestamp and where its UTF-8 message lies in the chunk's data.</summary>
internal readonly record struct ChunkEvent(long Timestamp, int Offset, int Length);
