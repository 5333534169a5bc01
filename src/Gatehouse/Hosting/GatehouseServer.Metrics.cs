using Gatehouse.Observability.Metrics;

namespace Gatehouse.Hosting;

/// <summary>
/// CloudWatch metrics of the gateway and its functions: one <see cref="MetricRecorder"/> that the data plane (per
/// compiled stage) and local Lambda (per function) record into, and the <see cref="MetricAggregator"/> that writes
/// each closed minute into the metric store, the <see cref="IMetricSink"/> registered beside the CloudWatch API.
/// </summary>
internal static partial class GatehouseServer
{
    private static void AddMetrics(IServiceCollection services, ServerOptions options)
    {
        if (!options.CloudWatchMetrics)
        {
            return; // --cloudwatch-metrics off: nothing is recorded (compiled stages and functions get no series)
        }

        services.AddSingleton(_ => new MetricRecorder(TimeProvider.System));
        services.AddSingleton(provider => new MetricAggregator(
            provider.GetRequiredService<MetricRecorder>(),
            provider.GetRequiredService<IMetricSink>(),
            provider.GetRequiredService<ILogger<MetricAggregator>>()));
    }

    /// <summary>
    /// Minutes close from now on. Called before the data plane and local Lambda are built: the container disposes in
    /// reverse order of creation, so at shutdown functions stop (and record their last invocations) first, then the
    /// aggregator writes the minute in progress, then the store closes.
    /// </summary>
    private static void StartMetrics(IServiceProvider services) => services.GetService<MetricAggregator>()?.Start();
}
