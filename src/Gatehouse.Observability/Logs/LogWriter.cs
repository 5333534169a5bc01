using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// The gateway's <see cref="ILogWriter"/>: events go into a bounded queue and a thread of its own appends them to the
/// <see cref="LogStore"/> in batches of up to <see cref="MaxBatch"/> events per transaction. A full queue, or a group
/// or stream name that CloudWatch Logs would refuse, drops the event and counts it; the caller never waits.
/// </summary>
/// <remarks>
/// The writer blocks in SQLite for milliseconds at a time, so it does not run on the thread pool: a pool worker held
/// that long makes the pool add workers, and every extra worker spins (<c>sched_yield</c>) between requests on the
/// cores the requests need. Measured under load: the spinning tripled with the writer on the pool.
/// </remarks>
public sealed partial class LogWriter : ILogWriter, IAsyncDisposable
{
    public const string MeterName = "Gatehouse.Logs";
    public const int DefaultCapacity = 64 * 1024;
    public const int MaxBatch = 8 * 1024;

    /// <summary>How long the writer waits for more events before it writes a small batch.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    private readonly LogStore _store;
    private readonly ILogger _logger;
    private readonly Channel<Item> _queue;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Meter? _ownedMeter;
    private long _dropped;
    private long _written;

    public LogWriter(LogStore store, ILogger<LogWriter> logger, int capacity = DefaultCapacity, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _logger = logger;
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

    public bool TryWrite(string logGroupName, string logStreamName, long timestamp, string message)
    {
        if (!LogNames.IsValidGroupName(logGroupName) || !LogNames.IsValidStreamName(logStreamName) || message is null ||
            !_queue.Writer.TryWrite(new Item(new PendingLogEvent(logGroupName, logStreamName, timestamp, message), null)))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    /// <summary>Waits until every event queued before the call is in the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Item(default, flushed), cancellationToken);
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

                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    if (item.Flushed is { } flushed)
                    {
                        flushes.Add(flushed);
                    }
                    else
                    {
                        batch.Add(item.Event);
                    }
                }

                WriteBatch(batch);
                batch.Clear();
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

    private readonly record struct Item(PendingLogEvent Event, TaskCompletionSource? Flushed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} log events to the log store; they are dropped")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
