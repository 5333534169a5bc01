using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatchLogs;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Functions.Logs;
using Gatehouse.Observability.Logs;

namespace Gatehouse.Hosting;

/// <summary>
/// The CloudWatch Logs slice: the log store under <c>{data-dir}/logs/</c>, the background writer that access logs and
/// function logs go through (<see cref="ILogWriter"/>), the retention sweep, and the <c>logs</c> API on <c>POST /</c>.
/// </summary>
internal static partial class GatehouseServer
{
    /// <summary>How often events past their group's retention are deleted (reads hide them at once).</summary>
    private static readonly TimeSpan LogRetentionSweepInterval = TimeSpan.FromMinutes(10);

    private static void AddLogs(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(provider =>
        {
            var store = LogStore.InDataDirectory(options.DataDirectory, TimeProvider.System);
            FunctionLogs.ImportLegacyFiles(options.DataDirectory, store, provider.GetRequiredService<ILogger<FunctionLogs>>());
            return store;
        });
        services.AddSingleton(provider => new LogWriter(provider.GetRequiredService<LogStore>(), provider.GetRequiredService<ILogger<LogWriter>>(),
            meters: provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ILogWriter>(provider => provider.GetRequiredService<LogWriter>());
        services.AddSingleton(provider => new FunctionLogs(provider.GetRequiredService<LogStore>(), provider.GetRequiredService<LogWriter>()));
        services.AddSingleton(provider => new LogRetentionSweeper(provider.GetRequiredService<LogStore>(), LogRetentionSweepInterval,
            TimeProvider.System, provider.GetRequiredService<ILogger<LogRetentionSweeper>>()));
        services.AddSingleton<IJsonService>(provider => new CloudWatchLogsService(
            provider.GetRequiredService<LogStore>(), provider.GetRequiredService<ControlPlaneOptions>(), TimeProvider.System));
    }

    private static void StartLogs(IServiceProvider services) => services.GetRequiredService<LogRetentionSweeper>();
}
