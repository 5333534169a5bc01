using Gatehouse.Functions.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Functions.RuntimeApi;

/// <summary>
/// A Kestrel server of its own for the Runtime API, apart from the gateway's listener: nothing on the public port
/// reaches it, and it listens only on the per-worker loopback ports that <see cref="WorkerPortListener"/> opens.
/// </summary>
internal sealed class RuntimeApiServer(WorkerPortListener ports, WorkerManager workers, LogLevel logLevel) : IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(QuietHost.Options);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(logLevel > LogLevel.Warning ? logLevel : LogLevel.Warning);
        builder.Services.AddSingleton<IConnectionListenerFactory>(ports);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // No transport limit: the handler enforces Lambda's 6 MB itself, so an oversized response fails its
            // invocation with Function.ResponseSizeTooLarge instead of leaving it pending.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
            kestrel.Listen(ports.EndPoint);
        });
        _app = builder.Build();
        var handler = new RuntimeApiHandler(workers);
        _app.Run(handler.HandleAsync);
        await _app.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
