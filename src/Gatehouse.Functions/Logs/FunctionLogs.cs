using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Functions.Logs;

/// <summary>One log event: when and what (one line of output, or a platform line such as REPORT).</summary>
public readonly record struct LogEvent(long Timestamp, string Message);

/// <summary>
/// Function logs, kept as Lambda keeps them in CloudWatch Logs: a log group per function (<c>/aws/lambda/{name}</c>),
/// a stream per execution environment. Stored under the data directory as one JSON-lines file per stream, written by
/// a background task from a bounded queue: a burst of logging never slows invocations; past the bound, events are
/// dropped and counted.
/// </summary>
public sealed partial class FunctionLogs : IAsyncDisposable
{
    private const int QueueCapacity = 16 * 1024;
    private readonly string _root;
    private readonly ILogger _logger;
    private readonly Channel<LogBatch> _queue =
        Channel.CreateBounded<LogBatch>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    private readonly Task _writer;
    private long _dropped;

    public FunctionLogs(string dataDirectory, ILogger<FunctionLogs> logger)
    {
        _root = Path.Combine(dataDirectory, "logs", "lambda");
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public static string GroupName(string functionName) => $"/aws/lambda/{functionName}";

    internal void Append(string functionName, string stream, LogEvent[] events)
    {
        if (events.Length > 0 && !_queue.Writer.TryWrite(new LogBatch(functionName, stream, events, null)))
        {
            Interlocked.Add(ref _dropped, events.Length);
        }
    }

    /// <summary>The streams of a function's log group, oldest first.</summary>
    public IReadOnlyList<string> ListStreams(string functionName)
    {
        var directory = Path.Combine(_root, Escape(functionName));
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. new DirectoryInfo(directory).GetFiles("*.jsonl")
            .OrderBy(f => f.CreationTimeUtc)
            .Select(f => Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(f.Name)))];
    }

    /// <summary>A stream's events, in order.</summary>
    public IReadOnlyList<LogEvent> ReadStream(string functionName, string stream)
    {
        var path = StreamPath(functionName, stream);
        if (!File.Exists(path))
        {
            return [];
        }

        var events = new List<LogEvent>();
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                var stored = JsonSerializer.Deserialize(line, LogJson.Default.StoredEvent);
                events.Add(new LogEvent(stored.T, stored.M ?? ""));
            }
        }

        return events;
    }

    /// <summary>Waits until everything queued so far is on disk.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite(new LogBatch("", "", [], flushed)))
        {
            await flushed.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var open = new Dictionary<string, StreamWriter>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    if (item.Flushed is { } flushed)
                    {
                        foreach (var writer in open.Values)
                        {
                            await writer.FlushAsync();
                        }

                        flushed.TrySetResult();
                        continue;
                    }

                    try
                    {
                        var path = StreamPath(item.Function, item.Stream);
                        if (!open.TryGetValue(path, out var writer))
                        {
                            if (open.Count >= 256)
                            {
                                foreach (var old in open.Values)
                                {
                                    await old.DisposeAsync();
                                }

                                open.Clear();
                            }

                            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                            writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));
                            open[path] = writer;
                        }

                        foreach (var e in item.Events)
                        {
                            await writer.WriteLineAsync(JsonSerializer.Serialize(new StoredEvent(e.Timestamp, e.Message), LogJson.Default.StoredEvent));
                        }
                    }
                    catch (IOException e)
                    {
                        LogWriteFailed(_logger, e, item.Function);
                    }
                }

                foreach (var writer in open.Values)
                {
                    await writer.FlushAsync();
                }
            }
        }
        finally
        {
            foreach (var writer in open.Values)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private string StreamPath(string functionName, string stream) =>
        Path.Combine(_root, Escape(functionName), Escape(stream) + ".jsonl");

    private static string Escape(string name) => Uri.EscapeDataString(name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the logs of function {FunctionName}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string functionName);
}

internal sealed record LogBatch(string Function, string Stream, LogEvent[] Events, TaskCompletionSource? Flushed);

internal readonly record struct StoredEvent(long T, string? M);

[System.Text.Json.Serialization.JsonSerializable(typeof(StoredEvent))]
internal sealed partial class LogJson : System.Text.Json.Serialization.JsonSerializerContext;
