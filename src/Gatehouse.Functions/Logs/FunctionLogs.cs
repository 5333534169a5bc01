using System.Text.Json;
using Gatehouse.Observability.Logs;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Functions.Logs;

/// <summary>One log event: when and what (one line of output, or a platform line such as REPORT).</summary>
public readonly record struct LogEvent(long Timestamp, string Message);

/// <summary>
/// Function logs, kept as Lambda keeps them: in CloudWatch Logs (the gateway's <see cref="LogStore"/>), a log group
/// per function (<c>/aws/lambda/{name}</c>, created with its first event, without retention) and a stream per
/// execution environment (<c>YYYY/MM/DD/[$LATEST]hex</c>). Events go through the <see cref="LogWriter"/>'s bounded
/// queue: a burst of logging never slows invocations; past the bound, events are dropped and counted.
/// </summary>
public sealed partial class FunctionLogs : IAsyncDisposable
{
    private readonly LogStore _store;
    private readonly LogWriter _writer;
    private readonly bool _ownsStore;

    /// <summary>Function logs through the gateway's shared log store and writer (which the caller disposes).</summary>
    public FunctionLogs(LogStore store, LogWriter writer)
        : this(store, writer, ownsStore: false)
    {
    }

    private FunctionLogs(LogStore store, LogWriter writer, bool ownsStore)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        _store = store;
        _writer = writer;
        _ownsStore = ownsStore;
    }

    /// <summary>Function logs with a log store of their own in <c>{dataDirectory}/logs/</c> (a host without the logs API).</summary>
    public static FunctionLogs InDataDirectory(string dataDirectory, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var store = LogStore.InDataDirectory(dataDirectory, TimeProvider.System);
        ImportLegacyFiles(dataDirectory, store, loggerFactory.CreateLogger<FunctionLogs>());
        return new FunctionLogs(store, new LogWriter(store, loggerFactory.CreateLogger<LogWriter>()), ownsStore: true);
    }

    /// <summary>Events dropped by the log writer (all of its writers' events, not only functions').</summary>
    public long Dropped => _writer.Dropped;

    public static string GroupName(string functionName) => $"/aws/lambda/{functionName}";

    internal void Append(string functionName, string stream, LogEvent[] events)
    {
        var group = GroupName(functionName);
        foreach (var e in events)
        {
            _writer.TryWrite(group, stream, e.Timestamp, e.Message);
        }
    }

    /// <summary>The streams of a function's log group, oldest first.</summary>
    public IReadOnlyList<string> ListStreams(string functionName)
    {
        var streams = new List<LogStreamInfo>();
        LogStreamCursor? after = null;
        while (_store.ListStreams(GroupName(functionName), null, LogStreamOrder.LogStreamName, false, after, 1000) is { Count: > 0 } page)
        {
            streams.AddRange(page);
            after = new LogStreamCursor(0, page[^1].Name);
        }

        return [.. streams.OrderBy(s => s.CreationTime).Select(s => s.Name)];
    }

    /// <summary>A stream's events, in order.</summary>
    public IReadOnlyList<LogEvent> ReadStream(string functionName, string stream)
    {
        var events = new List<LogEvent>();
        var from = LogPosition.Start;
        while (_store.ReadEvents(GroupName(functionName), stream, 0, long.MaxValue, from, true, 10_000, out var page) == LogStoreStatus.Ok && page.Count > 0)
        {
            events.AddRange(page.Select(e => new LogEvent(e.Timestamp, e.Message)));
            from = page[^1].Position;
        }

        return events;
    }

    /// <summary>Waits until everything queued so far is in the store.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_ownsStore)
        {
            await _writer.DisposeAsync();
            _store.Dispose();
        }
    }

    /// <summary>
    /// Moves the JSON-lines files of earlier versions (<c>{data-dir}/logs/lambda/{function}/{stream}.jsonl</c>) into the
    /// store once, so that an upgrade keeps the logs it had; the folder is renamed <c>lambda.imported</c> afterwards.
    /// </summary>
    public static void ImportLegacyFiles(string dataDirectory, LogStore store, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        var root = Path.Combine(dataDirectory, "logs", "lambda");
        if (!Directory.Exists(root))
        {
            return;
        }

        try
        {
            foreach (var functionDirectory in Directory.GetDirectories(root))
            {
                var group = GroupName(Uri.UnescapeDataString(Path.GetFileName(functionDirectory)));
                foreach (var file in Directory.GetFiles(functionDirectory, "*.jsonl"))
                {
                    var stream = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
                    var events = File.ReadLines(file).Where(line => line.Length > 0)
                        .Select(line => JsonSerializer.Deserialize(line, LegacyJson.Default.LegacyEvent))
                        .Select(e => new PendingLogEvent(group, stream, e.T, e.M ?? ""))
                        .ToList();
                    if (LogNames.IsValidGroupName(group) && LogNames.IsValidStreamName(stream))
                    {
                        store.Append(events);
                    }
                }
            }

            Directory.Move(root, root + ".imported");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            LogImportFailed(logger, e, root);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not import the function logs of an earlier version from {Directory}")]
    private static partial void LogImportFailed(ILogger logger, Exception exception, string directory);
}

internal readonly record struct LegacyEvent(long T, string? M);

[System.Text.Json.Serialization.JsonSerializable(typeof(LegacyEvent))]
internal sealed partial class LegacyJson : System.Text.Json.Serialization.JsonSerializerContext;
