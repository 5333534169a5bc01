using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// The gateway's <see cref="ILogWriter"/>: events go into a bounded queue and a thread of its own appends them to the
/// <see cref="LogStore"/> in batches of up to <see cref="MaxBatch"/> events per transaction. A full queue, or a group
/// or stream name that CloudWatch Logs would refuse, drops the event and counts it; the caller never waits.
/// </summary>
/// <remarks>
/// <para>
/// A message is encoded to UTF-8 once, as it is queued, into the writer's own pages (<see cref="PageSize"/> bytes,
/// filled in turn and reused), and the store copies those bytes into its chunks: a line costs no string and no
/// object that the garbage collector would carry from generation to generation while it waits for its batch. A page
/// goes back to the pool once the writer has stored the last event on it: pages fill in queue order (the bytes and
/// the queue entry are made under one lock), so the first event of the next page means the page before is done.
/// Messages too large for a page get an array of their own. Pages and large messages waiting in the queue hold
/// <see cref="DefaultMaxQueuedBytes"/> at most; past that, events are dropped and counted as a full queue's are.
/// </para>
/// <para>
/// The writer blocks in SQLite for milliseconds at a time, so it does not run on the thread pool: a pool worker held
/// that long makes the pool add workers, and every extra worker spins (<c>sched_yield</c>) between requests on the
/// cores the requests need. Measured under load: the spinning tripled with the writer on the pool.
/// </para>
/// </remarks>
public sealed partial class LogWriter : ILogWriter, IAsyncDisposable
{
    public const string MeterName = "Gatehouse.Logs";
    public const int DefaultCapacity = 64 * 1024;
    public const int MaxBatch = 8 * 1024;

    /// <summary>The size of a page of queued messages; a message that may need more than a quarter of one gets its own array.</summary>
    public const int PageSize = 64 * 1024;

    /// <summary>Bytes of queued messages (whole pages and large messages) at most, unless the constructor is told otherwise.</summary>
    public const long DefaultMaxQueuedBytes = 64L * 1024 * 1024;

    /// <summary>Empty pages kept for reuse at most; the others are left to the garbage collector.</summary>
    private const int MaxFreePages = 64;

    /// <summary>How long the writer waits for more events before it writes a small batch.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private readonly LogStore _store;
    private readonly ILogger _logger;
    private readonly Channel<Item> _queue;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Meter? _ownedMeter;
    private readonly long _maxQueuedBytes;
    private readonly Lock _pages = new();
    private readonly Stack<byte[]> _freePages = new();
    private byte[]? _page;
    private int _pageUsed;
    private long _queuedBytes;
    private long _dropped;
    private long _written;

    public LogWriter(LogStore store, ILogger<LogWriter> logger, int capacity = DefaultCapacity, IMeterFactory? meters = null,
        long maxQueuedBytes = DefaultMaxQueuedBytes)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedBytes, PageSize);
        _store = store;
        _logger = logger;
        _maxQueuedBytes = maxQueuedBytes;
        // Wait mode: TryWrite answers false at once when the queue is full (DropWrite would answer true and drop silently).
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        var meter = meters?.Create(MeterName) ?? (_ownedMeter = new Meter(MeterName));
        meter.CreateObservableCounter("gatehouse.logs.events_written", () => Written, "{event}", "Log events appended to the log store");
        meter.CreateObservableCounter("gatehouse.logs.events_dropped", () => Dropped, "{event}",
            "Log events dropped: queue full, a name CloudWatch Logs refuses, or a batch the store could not write");
        meter.CreateObservableUpDownCounter("gatehouse.logs.queue_depth", () => _queue.Reader.Count, "{event}", "Log events waiting to be written");
        new Thread(Run) { IsBackground = true, Name = "Gatehouse log writer" }.Start();
    }

    /// <summary>Events dropped: queue full, invalid names, or a batch the store could not write.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events written to the store.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Bytes the queued messages hold now: whole pages (the one being filled too) and large messages.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_pages)
            {
                return _queuedBytes;
            }
        }
    }

    public bool TryWrite(string logGroupName, string logStreamName, long timestamp, ReadOnlySpan<char> message)
    {
        if (!LogNames.IsValidGroupName(logGroupName) || !LogNames.IsValidStreamName(logStreamName) ||
            !(Encoding.UTF8.GetMaxByteCount(message.Length) > PageSize / 4
                ? TryQueueLarge(logGroupName, logStreamName, timestamp, message)
                : TryQueueOnPage(logGroupName, logStreamName, timestamp, message)))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    private bool TryQueueOnPage(string group, string stream, long timestamp, ReadOnlySpan<char> message)
    {
        lock (_pages)
        {
            if (_page is null || PageSize - _pageUsed < Encoding.UTF8.GetMaxByteCount(message.Length))
            {
                // The page being filled stays queued (its events are) and goes back to the pool once they are written.
                if (!TryTakePage(out var page))
                {
                    return false;
                }

                (_page, _pageUsed) = (page, 0);
            }

            var length = Encoding.UTF8.GetBytes(message, _page.AsSpan(_pageUsed));
            if (!_queue.Writer.TryWrite(new Item(group, stream, timestamp, _page, _pageUsed, length, Pooled: true, null)))
            {
                return false;
            }

            _pageUsed += length;
            return true;
        }
    }

    private bool TryTakePage(out byte[] page)
    {
        if (_queuedBytes + PageSize > _maxQueuedBytes)
        {
            page = null!;
            return false;
        }

        _queuedBytes += PageSize;
        page = _freePages.TryPop(out var free) ? free : new byte[PageSize];
        return true;
    }

    private bool TryQueueLarge(string group, string stream, long timestamp, ReadOnlySpan<char> message)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(message)];
        Encoding.UTF8.GetBytes(message, bytes);
        lock (_pages)
        {
            if (_queuedBytes + bytes.Length > _maxQueuedBytes ||
                !_queue.Writer.TryWrite(new Item(group, stream, timestamp, bytes, 0, bytes.Length, Pooled: false, null)))
            {
                return false;
            }

            _queuedBytes += bytes.Length;
            return true;
        }
    }

    /// <summary>Gives back what the writer has stored: pages whose last event is written, and large messages' bytes.</summary>
    private void Release(List<byte[]> pages, long largeBytes)
    {
        lock (_pages)
        {
            foreach (var page in pages)
            {
                _queuedBytes -= PageSize;
                if (_freePages.Count < MaxFreePages)
                {
                    _freePages.Push(page);
                }
            }

            _queuedBytes -= largeBytes;
        }

        pages.Clear();
    }

    /// <summary>Waits until every event queued before the call is in the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Item("", "", 0, [], 0, 0, Pooled: false, flushed), cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        await flushed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
        _ownedMeter?.Dispose();
    }

    private void Run()
    {
        try
        {
            var batch = new List<PendingLogEvent>(MaxBatch);
            var flushes = new List<TaskCompletionSource>();
            var donePages = new List<byte[]>();
            byte[]? lastPage = null;
            while (WaitForEvents())
            {
                if (_queue.Reader.Count < MaxBatch / 8)
                {
                    // Linger a moment so that a steady stream of events makes large batches: each transaction's commit,
                    // per-stream bookkeeping and partly filled pages cost far more than an event, and a batch of one per
                    // event would spend the server's core on them. A tenth of a second is no delay a reader notices (AWS
                    // takes seconds to make events visible); a flush waits the same moment at most.
                    Thread.Sleep(Linger);
                }

                long largeBytes = 0;
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    if (item.Flushed is { } flushed)
                    {
                        flushes.Add(flushed);
                        continue;
                    }

                    if (!item.Pooled)
                    {
                        largeBytes += item.Bytes.Length;
                    }
                    else if (!ReferenceEquals(item.Bytes, lastPage))
                    {
                        // The first event of a page: the page before holds no event still queued.
                        if (lastPage is not null)
                        {
                            donePages.Add(lastPage);
                        }

                        lastPage = item.Bytes;
                    }

                    batch.Add(new PendingLogEvent(item.Group, item.Stream, item.Timestamp, item.Bytes.AsMemory(item.Offset, item.Length)));
                }

                WriteBatch(batch);
                batch.Clear();
                Release(donePages, largeBytes);
                foreach (var flushed in flushes)
                {
                    flushed.TrySetResult();
                }

                flushes.Clear();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Blocks this thread until an event is queued; false once the queue is closed and empty.</summary>
    private bool WaitForEvents()
    {
        var ready = _queue.Reader.WaitToReadAsync();
        return ready.IsCompleted ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private void WriteBatch(List<PendingLogEvent> batch)
    {
        try
        {
            _store.Append(batch);
            Interlocked.Add(ref _written, batch.Count);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            LogBatchFailed(_logger, e, batch.Count);
        }
    }

    /// <summary>A queued event (its message <paramref name="Length"/> bytes at <paramref name="Offset"/> in <paramref name="Bytes"/>), or a flush.</summary>
    private readonly record struct Item(string Group, string Stream, long Timestamp, byte[] Bytes, int Offset, int Length, bool Pooled,
        TaskCompletionSource? Flushed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} log events to the log store; they are dropped")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
