using System.Text.Json;
using System.Threading.Channels;

namespace Gatehouse.Functions.Invocation;

/// <summary>
/// Asynchronous (Event) invocations, as Lambda runs them: accepted at once (202), kept on disk until done so that a
/// restart loses none, run in the background, retried twice after a function error, and retried with back-off while
/// throttled, up to the maximum event age.
/// </summary>
internal sealed class EventQueue : IAsyncDisposable
{
    /// <summary>Lambda's limit on an asynchronous payload: 256 KB.</summary>
    public const int MaxEventBytes = 256 * 1024;

    private readonly FunctionInvoker _invoker;
    private readonly FunctionsOptions _options;
    private readonly string _directory;
    private readonly Channel<QueuedEvent> _ready = Channel.CreateUnbounded<QueuedEvent>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _dispatcher;
    private int _running;
    private int _disposed;

    public EventQueue(FunctionInvoker invoker, FunctionsOptions options)
    {
        _invoker = invoker;
        _options = options;
        _directory = Path.Combine(options.DataDirectory, "functions", "events");
        Directory.CreateDirectory(_directory);
        _dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>Events accepted but not finished (queued, waiting for a retry, or running).</summary>
    public int Pending => Directory.GetFiles(_directory, "*.json").Length;

    /// <summary>Queues the events a previous run accepted and did not finish.</summary>
    public void Recover()
    {
        foreach (var file in Directory.GetFiles(_directory, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize(File.ReadAllBytes(file), EventJson.Default.QueuedEvent) is { } queued)
                {
                    _ready.Writer.TryWrite(queued);
                }
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                File.Move(file, file + ".unreadable", overwrite: true);
            }
        }
    }

    public async ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, string version, CancellationToken cancellationToken)
    {
        var queued = new QueuedEvent
        {
            Id = Guid.NewGuid().ToString(),
            FunctionName = request.FunctionName,
            Qualifier = request.Qualifier,
            Payload = request.Payload.ToArray(),
            TraceId = request.TraceId,
            ClientContext = request.ClientContext,
            AcceptedAt = DateTimeOffset.UtcNow,
        };
        await SaveAsync(queued, cancellationToken);
        _ready.Writer.TryWrite(queued);
        return new InvocationResult { Status = InvocationStatus.Completed, ExecutedVersion = version, RequestId = queued.Id };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _ready.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _dispatcher;
        _stopping.Dispose();
    }

    private async Task DispatchAsync()
    {
        try
        {
            await foreach (var queued in _ready.Reader.ReadAllAsync(_stopping.Token))
            {
                Interlocked.Increment(ref _running);
                _ = RunAsync(queued);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(QueuedEvent queued)
    {
        try
        {
            var result = await _invoker.InvokeAsync(new InvocationRequest
            {
                FunctionName = queued.FunctionName,
                Qualifier = queued.Qualifier,
                Payload = queued.Payload,
                TraceId = queued.TraceId,
                ClientContext = queued.ClientContext,
            }, _stopping.Token);

            TimeSpan? retryIn = result.Status switch
            {
                InvocationStatus.Completed when result.FunctionError is not null && queued.Attempts < _options.EventRetryDelays.Count =>
                    _options.EventRetryDelays[queued.Attempts],
                InvocationStatus.Throttled or InvocationStatus.NotRunnable when DateTimeOffset.UtcNow - queued.AcceptedAt < _options.EventMaximumAge =>
                    TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(queued.Throttles, 8)))),
                _ => null,
            };

            if (retryIn is not { } delay)
            {
                // Done: succeeded, failed its retries, aged out, or its function is gone.
                File.Delete(PathOf(queued));
                return;
            }

            var next = result.Status == InvocationStatus.Completed
                ? queued with { Attempts = queued.Attempts + 1 }
                : queued with { Throttles = queued.Throttles + 1 };
            await SaveAsync(next, _stopping.Token);
            await Task.Delay(delay, _stopping.Token);
            _ready.Writer.TryWrite(next);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the event stays on disk and runs after the restart.
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task SaveAsync(QueuedEvent queued, CancellationToken cancellationToken)
    {
        var path = PathOf(queued);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await JsonSerializer.SerializeAsync(file, queued, EventJson.Default.QueuedEvent, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(QueuedEvent queued) => Path.Combine(_directory, queued.Id + ".json");
}

internal sealed record QueuedEvent
{
    public required string Id { get; init; }
    public required string FunctionName { get; init; }
    public string? Qualifier { get; init; }
    public required byte[] Payload { get; init; }
    public string? TraceId { get; init; }
    public string? ClientContext { get; init; }
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Runs that ended in a function error so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Times it was throttled so far (for the back-off).</summary>
    public int Throttles { get; init; }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(QueuedEvent))]
internal sealed partial class EventJson : System.Text.Json.Serialization.JsonSerializerContext;
