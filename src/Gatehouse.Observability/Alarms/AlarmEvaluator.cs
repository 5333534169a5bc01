using Gatehouse.Observability.Metrics;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Alarms;

/// <summary>
/// The loop that evaluates every alarm each interval (a minute, as CloudWatch does; tests shorten it) and, about
/// once an hour, sweeps datapoints and alarm history past their retention. Nothing it meets stops it.
/// </summary>
public sealed partial class AlarmEvaluator(AlarmService alarms, MetricStore metrics, TimeProvider time, TimeSpan interval, ILogger<AlarmEvaluator> logger)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastSweep = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await alarms.EvaluateAllAsync(cancellationToken);
                if (time.GetUtcNow() - lastSweep >= SweepInterval)
                {
                    lastSweep = time.GetUtcNow();
                    await metrics.SweepAsync(cancellationToken);
                    await alarms.SweepHistoryAsync(cancellationToken);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm evaluation failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
