using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.RuntimeApi;

/// <summary>
/// The Kestrel endpoint of the Runtime API: not one address but one loopback port per worker, opened and closed as
/// workers come and go. Each execution environment on Lambda has the Runtime API to itself; a port of its own gives a
/// worker the same (standard paths, nothing to add to <c>AWS_LAMBDA_RUNTIME_API</c>), and the port a request arrives
/// on names the worker.
/// </summary>
internal sealed class WorkerPortsEndPoint : EndPoint
{
    public override string ToString() => "runtime-api:per-worker-ports";
}

/// <summary>
/// Kestrel's transport for <see cref="WorkerPortsEndPoint"/>: it binds a socket listener per worker with Kestrel's own
/// socket transport and hands Kestrel their connections through one accept queue.
/// </summary>
internal sealed partial class WorkerPortListener : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener
{
    private readonly SocketTransportFactory _sockets;
    private readonly ILogger _logger;
    private readonly Channel<ConnectionContext> _accepted = Channel.CreateUnbounded<ConnectionContext>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public WorkerPortListener(ILoggerFactory loggerFactory)
    {
        _sockets = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory);
        _logger = loggerFactory.CreateLogger<WorkerPortListener>();
    }

    public EndPoint EndPoint { get; } = new WorkerPortsEndPoint();

    public bool CanBind(EndPoint endpoint) => endpoint is WorkerPortsEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(this);

    /// <summary>Opens a new loopback port; its connections reach Kestrel until the returned port is disposed.</summary>
    public async Task<WorkerPort> OpenAsync(CancellationToken cancellationToken)
    {
        var listener = await _sockets.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);
        var port = new WorkerPort(listener);
        _ = PumpAsync(port);
        return port;
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => DisposeAsync();

    /// <summary>Stops accepting on every port. Kestrel and the host both call it; it runs once.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _accepted.Writer.TryComplete();
            _stopping.Cancel();
        }

        return ValueTask.CompletedTask;
    }

    private async Task PumpAsync(WorkerPort port)
    {
        try
        {
            while (await port.Listener.AcceptAsync(_stopping.Token) is { } connection)
            {
                if (!_accepted.Writer.TryWrite(connection))
                {
                    await connection.DisposeAsync();
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            LogAcceptFailed(_logger, e, port.Port);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runtime API port {Port} stopped accepting")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, int port);
}

/// <summary>One worker's Runtime API port. Disposing it closes the port (connections already open stay until closed).</summary>
internal sealed class WorkerPort(IConnectionListener listener) : IAsyncDisposable
{
    public IConnectionListener Listener { get; } = listener;

    public int Port { get; } = ((IPEndPoint)listener.EndPoint).Port;

    public async ValueTask DisposeAsync()
    {
        await Listener.UnbindAsync();
        await Listener.DisposeAsync();
    }
}
