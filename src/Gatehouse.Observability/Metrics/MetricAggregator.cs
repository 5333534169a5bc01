using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Metrics;

/// <summary>
/// Closes each minute a little after it ends (<see cref="CloseDelay"/>, so that late writers land), adds every
/// series' samples up into one <see cref="MetricDatum"/> per CloudWatch metric and dimension set, and hands them to the
/// <see cref="IMetricSink"/> (the metric store) from a queue of its own: a slow or failing store never holds up a
/// request, nor the next minute's close. The queue keeps <see cref="MaxQueuedMinutes"/> minutes; beyond that the
/// oldest is dropped and counted. Stopping writes the minute in progress too, so a restart loses nothing recorded.
/// </summary>
public sealed partial class MetricAggregator : IAsyncDisposable
{
    public const int MaxQueuedMinutes = 60;

    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    private readonly MetricRecorder _recorder;
    private readonly IMetricSink _sink;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _closeGate = new();
    private readonly Channel<IReadOnlyList<MetricDatum>> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private Task? _closer;
    private long _nextMinute;
    private long _droppedBatches;
    private long _pendingBatches;
    private int _disposed;

    public MetricAggregator(MetricRecorder recorder, IMetricSink sink, ILogger<MetricAggregator> logger, TimeSpan? closeDelay = null)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(logger);
        _recorder = recorder;
        _sink = sink;
        _logger = logger;
        _time = recorder.Time;
        CloseDelay = closeDelay ?? TimeSpan.FromSeconds(5);
        _nextMinute = MetricSeries.MinuteOf(_time.GetUtcNow());
        _queue = Channel.CreateBounded<IReadOnlyList<MetricDatum>>(
            new BoundedChannelOptions(MaxQueuedMinutes) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                Interlocked.Increment(ref _droppedBatches);
                Interlocked.Decrement(ref _pendingBatches);
                LogDropped(_logger, dropped.Count);
            });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How long after a minute ends it is closed.</summary>
    public TimeSpan CloseDelay { get; }

    /// <summary>Minutes of datapoints dropped because the store fell too far behind or kept failing.</summary>
    public long DroppedBatches => Interlocked.Read(ref _droppedBatches);

    /// <summary>Starts closing minutes as they end.</summary>
    public void Start() => _closer ??= Task.Run(CloseLoopAsync);

    /// <summary>
    /// Closes every minute that ended at least <see cref="CloseDelay"/> ago and has not been closed yet, queues its
    /// datapoints for the sink and returns them (oldest minute first).
    /// </summary>
    public IReadOnlyList<MetricDatum> CloseDueMinutes()
    {
        var due = MetricSeries.MinuteOf(_time.GetUtcNow() - CloseDelay);
        var closed = new List<MetricDatum>();
        lock (_closeGate)
        {
            while (_nextMinute < due)
            {
                var minute = _nextMinute++;
                var data = Close(minute, reopenAs: minute + 2);
                Enqueue(data);
                closed.AddRange(data);
            }
        }

        _recorder.Sweep();
        return closed;
    }

    /// <summary>
    /// Writes out the minutes still open (the one in progress and any not yet due) without waiting for them to end,
    /// and waits until the sink has taken everything queued. Samples recorded later in those minutes follow in further
    /// datapoints of the same minute, which the store merges.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        CloseDueMinutes();
        lock (_closeGate)
        {
            var open = _recorder.All.SelectMany(s => new[] { s.OpenMinute(0), s.OpenMinute(1) }).OfType<long>().Distinct().Order().ToList();
            foreach (var minute in open)
            {
                Enqueue(Close(minute, reopenAs: minute, countIdle: false));
            }
        }

        while (Interlocked.Read(ref _pendingBatches) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var flushing = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await FlushAsync(flushing.Token);
            }
            catch (OperationCanceledException)
            {
                LogFlushTimedOut(_logger, Interlocked.Read(ref _pendingBatches));
            }
        }

        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_closer ?? Task.CompletedTask, _writer);
        _stopping.Dispose();
    }

    private List<MetricDatum> Close(long minute, long reopenAs, bool countIdle = true)
    {
        var builders = new Dictionary<MetricKey, DatumBuilder>();
        foreach (var series in _recorder.All)
        {
            if (!series.TryClose(minute))
            {
                continue;
            }

            var samples = series.SlotMetrics(minute);
            var metrics = series.Metrics;
            var any = false;
            for (var i = 0; i < samples.Length; i++)
            {
                if (samples[i].SampleCount == 0)
                {
                    continue;
                }

                any = true;
                foreach (var key in metrics[i].Keys)
                {
                    if (!builders.TryGetValue(key, out var builder))
                    {
                        builders[key] = builder = new DatumBuilder(metrics[i].Kind, metrics[i].Unit);
                    }

                    builder.Add(samples[i]);
                }
            }

            series.Reopen(minute, reopenAs);
            if (countIdle)
            {
                series.IdleMinutes = any ? 0 : series.IdleMinutes + 1;
            }
        }

        var timestamp = MetricSeries.StartOf(minute);
        return [.. builders.Select(b => b.Value.Build(b.Key, timestamp))];
    }

    private void Enqueue(List<MetricDatum> data)
    {
        if (data.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _pendingBatches);
        if (!_queue.Writer.TryWrite(data))
        {
            Interlocked.Decrement(ref _pendingBatches); // disposed: nothing reads any more
        }
    }

    private async Task CloseLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var next = MetricSeries.StartOf(Volatile.Read(ref _nextMinute) + 1) + CloseDelay;
            var wait = next - _time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                CloseDueMinutes();
            }
            catch (Exception e)
            {
                LogCloseFailed(_logger, e);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    await WriteWithRetriesAsync(batch);
                }
                finally
                {
                    Interlocked.Decrement(ref _pendingBatches);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteWithRetriesAsync(IReadOnlyList<MetricDatum> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _sink.WriteAsync(batch, _stopping.Token);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                if (attempt == RetryDelays.Length)
                {
                    Interlocked.Increment(ref _droppedBatches);
                    LogWriteFailed(_logger, e, batch.Count, attempt + 1);
                    return;
                }

                await Task.Delay(RetryDelays[attempt], _time, _stopping.Token);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metric store is too far behind: {Count} datapoints of the oldest queued minute were dropped")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} datapoints could not be written to the metric store after {Attempts} attempts and were dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing a minute of metrics failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {Count} minutes of datapoints were still waiting for the metric store")]
    private static partial void LogFlushTimedOut(ILogger logger, long count);
}
