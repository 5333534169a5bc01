using System.Text;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// Reads chunks (rows of <c>id, first_ts, last_ts, first_index, ingestion_time, data, codec[, stream name]</c>) as one
/// sequence of events in position order: ascending when the rows come in order of their first timestamp, descending
/// when they come in descending order of their last. Chunks of one stream may overlap in time (events arrive late), so
/// a chunk is opened before an event is given out whenever it may hold an earlier one; only the events of the chunks
/// open at a time are held, and a message is decoded only when its event is given out.
/// </summary>
internal sealed class ChunkMerge
{
    private readonly SqliteDataReader _chunks;
    private readonly bool _forward;
    private readonly string? _stream;
    private readonly long _min;
    private readonly long _max;
    private readonly LogPosition _from;
    private readonly PriorityQueue<MergedEvent, LogPosition> _pending;
    private readonly List<ChunkEvent> _scratch = [];
    private bool _more;

    /// <param name="chunks">The rows, in the order described; an eighth column, when present, names each chunk's stream.</param>
    /// <param name="forward">Ascending positions, or descending.</param>
    /// <param name="stream">The stream's name when every row is of that stream (no eighth column).</param>
    /// <param name="min">The earliest timestamp wanted (inclusive).</param>
    /// <param name="max">The latest timestamp wanted (inclusive).</param>
    /// <param name="from">Only events after this position (forward) or before it (backward).</param>
    public ChunkMerge(SqliteDataReader chunks, bool forward, string? stream, long min, long max, LogPosition from)
    {
        _chunks = chunks;
        _forward = forward;
        _stream = stream;
        _min = min;
        _max = max;
        _from = from;
        _pending = new PriorityQueue<MergedEvent, LogPosition>(forward ? Comparer<LogPosition>.Default : Comparer<LogPosition>.Create(static (a, b) => b.CompareTo(a)));
        _more = chunks.Read();
    }

    public bool TryNext(out MergedEvent next)
    {
        while (_more && (_pending.Count == 0 || MayHoldEarlier(_pending.Peek().Position.Timestamp)))
        {
            Open();
            _more = _chunks.Read();
        }

        return _pending.TryDequeue(out next, out _);
    }

    /// <summary>Whether the next chunk may hold an event that comes before one at <paramref name="timestamp"/>.</summary>
    private bool MayHoldEarlier(long timestamp) =>
        _forward ? _chunks.GetInt64(1) <= timestamp : _chunks.GetInt64(2) >= timestamp;

    private void Open()
    {
        var id = _chunks.GetInt64(0);
        var firstIndex = _chunks.GetInt32(3);
        // A chunk that cannot be decompressed gives no events, a malformed one (a damaged file) the events before the damage.
        var chunk = new LoadedChunk(ChunkCodec.Decompress((byte[])_chunks.GetValue(5), _chunks.GetInt64(6)) ?? [], _chunks.GetInt64(4),
            _stream ?? _chunks.GetString(7));
        _scratch.Clear();
        LogChunk.Read(chunk.Data, _chunks.GetInt64(1), _scratch);
        for (var i = 0; i < _scratch.Count; i++)
        {
            var e = _scratch[i];
            var position = new LogPosition(e.Timestamp, LogChunk.EventId(id, firstIndex + i));
            if (e.Timestamp >= _min && e.Timestamp <= _max && (_forward ? position > _from : position < _from))
            {
                _pending.Enqueue(new MergedEvent(position, chunk, e.Offset, e.Length), position);
            }
        }
    }
}

/// <summary>A chunk being read: its data, ingestion time and stream.</summary>
internal sealed record LoadedChunk(byte[] Data, long IngestionTime, string Stream);

/// <summary>One event of a merge: its position, and where its message lies in its chunk.</summary>
internal readonly record struct MergedEvent(LogPosition Position, LoadedChunk Chunk, int Offset, int Length)
{
    public string Message() => Encoding.UTF8.GetString(Chunk.Data, Offset, Length);

    public StoredLogEvent ToStored(string message) => new(Position, Chunk.Stream, Chunk.IngestionTime, message);
}
