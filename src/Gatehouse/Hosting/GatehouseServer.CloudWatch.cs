using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatch;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;
using Gatehouse.Observability.Notifications;
using Gatehouse.Observability.Storage;

namespace Gatehouse.Hosting;

/// <summary>
/// The CloudWatch slice: the metric store (<c>{dataDir}/cloudwatch.db</c>) as the gateway's <see cref="IMetricSink"/>
/// and <see cref="IMetricStatistics"/>, alarms, the CloudWatch API in both protocols, and the alarm evaluator.
/// </summary>
internal static partial class GatehouseServer
{
    private static void AddCloudWatch(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => CloudWatchDatabase.InDirectory(options.DataDirectory));
        services.AddSingleton(provider => new MetricStore(provider.GetRequiredService<CloudWatchDatabase>(), TimeProvider.System));
        services.AddSingleton<IMetricSink>(provider => provider.GetRequiredService<MetricStore>());
        services.AddSingleton<IMetricStatistics>(provider => provider.GetRequiredService<MetricStore>());
        services.AddSingleton(provider => new AlarmStore(provider.GetRequiredService<CloudWatchDatabase>()));
        services.AddSingleton(provider => new AlarmService(
            provider.GetRequiredService<AlarmStore>(),
            provider.GetRequiredService<IMetricStatistics>(),
            // SNS delivers alarm notifications when it is there; without it, actions are recorded as failed.
            provider.GetService<INotificationPublisher>(),
            TimeProvider.System,
            new AlarmServiceOptions(options.Region, options.AccountId),
            provider.GetRequiredService<ILogger<AlarmService>>()));
        services.AddSingleton(provider => new CloudWatchApi(
            provider.GetRequiredService<MetricStore>(),
            provider.GetRequiredService<AlarmService>(),
            provider.GetRequiredService<ControlPlaneOptions>(),
            TimeProvider.System));
        services.AddSingleton<IQueryService, CloudWatchQueryService>();
        services.AddSingleton<IJsonService, CloudWatchJsonService>();
        services.AddSingleton(provider => new AlarmEvaluator(
            provider.GetRequiredService<AlarmService>(),
            provider.GetRequiredService<MetricStore>(),
            TimeProvider.System,
            options.AlarmEvaluationInterval,
            provider.GetRequiredService<ILogger<AlarmEvaluator>>()));
        services.AddHostedService<AlarmEvaluatorService>();
    }
}

/// <summary>Runs the alarm evaluator for as long as Gatehouse runs.</summary>
internal sealed class AlarmEvaluatorService(AlarmEvaluator evaluator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => evaluator.RunAsync(stoppingToken);
}
