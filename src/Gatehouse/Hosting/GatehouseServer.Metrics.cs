using Gatehouse.Observability.Metrics;

namespace Gatehouse.Hosting;

/// <summary>
/// CloudWatch metrics of the gateway and its functions: one <see cref="MetricRecorder"/> that the data plane (per
/// compiled stage) and local Lambda (per function) record into, and the <see cref="MetricAggregator"/> that writes
/// each closed minute into the metric store, the <see cref="IMetricSink"/> registered beside the CloudWatch API.
/// </summary>
internal static partial class GatehouseServer
{
    private static void AddMetrics(IServiceCollection services)
    {
        services.AddSingleton(_ => new MetricRecorder(TimeProvider.System));
        services.AddSingleton(provider => new MetricAggregator(
            provider.GetRequiredService<MetricRecorder>(),
            provider.GetRequiredService<IMetricSink>(),
            provider.GetRequiredService<ILogger<MetricAggregator>>()));
    }

    /// <summary>Minutes close from now on; stopping the host writes the minute in progress (the aggregator is disposed before the store).</summary>
    private static void StartMetrics(IServiceProvider services) => services.GetRequiredService<MetricAggregator>().Start();
}
