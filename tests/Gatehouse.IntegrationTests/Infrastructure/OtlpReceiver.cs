using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// A stand-in OpenTelemetry collector: accepts OTLP over HTTP (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, protobuf) on a
/// loopback port and keeps every body it received, so tests can look for the bytes of a trace id or a span name.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receiver._received.Enqueue((context.Request.Path.Value ?? "", buffer.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>Waits until a body posted to <paramref name="path"/> contains every one of <paramref name="needles"/>.</summary>
    public async Task<byte[]> WaitForAsync(string path, TimeSpan timeout, params byte[][] needles)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (received, body) in _received)
            {
                if (received == path && needles.All(needle => body.AsSpan().IndexOf(needle) >= 0))
                {
                    return body;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no OTLP body at {path} with all {needles.Length} expected values within {timeout}; received {_received.Count} bodies at " +
            string.Join(", ", _received.Select(r => r.Path).Distinct()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
