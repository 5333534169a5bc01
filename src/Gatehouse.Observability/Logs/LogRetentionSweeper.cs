using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// Deletes events that fell out of their group's retention, periodically (reads hide them from the moment they
/// expire; the sweep gives the disk space back).
/// </summary>
public sealed partial class LogRetentionSweeper : IAsyncDisposable
{
    private readonly LogStore _store;
    private readonly ILogger _logger;
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    public LogRetentionSweeper(LogStore store, TimeSpan interval, TimeProvider time, ILogger<LogRetentionSweeper> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _logger = logger;
        _timer = new PeriodicTimer(interval, time);
        _loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _loop;
    }

    private async Task RunAsync()
    {
        do
        {
            try
            {
                var deleted = _store.SweepExpired();
                if (deleted > 0)
                {
                    LogSwept(_logger, deleted);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
            {
                LogSweepFailed(_logger, e);
            }
        }
        while (await _timer.WaitForNextTickAsync());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} log events past their group's retention")]
    private static partial void LogSwept(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The log retention sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
