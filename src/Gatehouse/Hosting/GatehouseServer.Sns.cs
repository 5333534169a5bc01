using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sns;
using Gatehouse.Observability.Notifications;

namespace Gatehouse.Hosting;

/// <summary>
/// The SNS slice: topics and subscriptions in <c>{data-dir}/sns.db</c>, the signing key under <c>{data-dir}/sns/</c>,
/// background HTTP/S delivery, the query service on <c>POST /</c> (signing name <c>sns</c>), the publisher that alarm
/// actions use, and the unsigned GETs a subscriber makes (<see cref="SnsPublicEndpoint"/>).
/// </summary>
internal static partial class GatehouseServer
{
    private static void AddSns(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => SnsStore.InDirectory(options.DataDirectory, TimeProvider.System));
        services.AddSingleton(_ => SnsSigningKey.LoadOrCreate(options.DataDirectory));
        services.AddSingleton(provider => new SnsHttpDelivery(
            SnsHttpDelivery.CreateHandler(), provider.GetRequiredService<ILogger<SnsHttpDelivery>>(), TimeProvider.System));
        services.AddSingleton(provider => new SnsPublisher(
            provider.GetRequiredService<SnsStore>(), provider.GetRequiredService<SnsSigningKey>(), provider.GetRequiredService<SnsHttpDelivery>(), TimeProvider.System));
        services.AddSingleton<INotificationPublisher>(provider => provider.GetRequiredService<SnsPublisher>());
        services.AddSingleton<SnsQueryService>();
        services.AddSingleton<IQueryService>(provider => provider.GetRequiredService<SnsQueryService>());
        services.AddSingleton<SnsPublicEndpoint>();
    }

    private static Task StartSnsAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SnsStore>().InitializeAsync(cancellationToken);
}
