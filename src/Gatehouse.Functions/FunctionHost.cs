using Gatehouse.Functions.Invocation;
using Gatehouse.Functions.Logs;
using Gatehouse.Functions.Metrics;
using Gatehouse.Functions.RuntimeApi;
using Gatehouse.Functions.Workers;
using Gatehouse.Model.Functions;
using Gatehouse.Observability.Metrics;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Functions;

/// <summary>
/// Local Lambda, assembled: the Runtime API server, the worker manager, the invoker and the function logs. The host
/// feeds it function documents (<see cref="Apply"/>) from the config store and its change feed.
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly ProcessSpawner _spawner;
    private readonly WorkerPortListener _ports;
    private readonly RuntimeApiServer _server;

    /// <param name="logs">The function logs, through the gateway's log store; null for a store of the host's own.</param>
    /// <param name="metrics">Where the AWS/Lambda metrics are recorded; null: not recorded.</param>
    public FunctionHost(FunctionsOptions options, Func<FunctionCode, string> codeDirectory, ILoggerFactory loggerFactory, LogLevel logLevel = LogLevel.Warning,
        FunctionLogs? logs = null, MetricRecorder? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        // Workers run in their code directory: every path handed to them must be absolute.
        options = options with { DataDirectory = Path.GetFullPath(options.DataDirectory) };
        _spawner = new ProcessSpawner();
        _ports = new WorkerPortListener(loggerFactory);
        Logs = logs ?? FunctionLogs.InDataDirectory(options.DataDirectory, loggerFactory);
        var runtimes = new RuntimeCommand(Path.Combine(AppContext.BaseDirectory, "lambda-runtimes"));
        var workers = new WorkerManager(options, _ports, _spawner, runtimes, Logs, loggerFactory.CreateLogger<WorkerManager>());
        Invoker = new FunctionInvoker(options, workers, codeDirectory, metrics is null ? null : new LambdaMetrics(metrics));
        _server = new RuntimeApiServer(_ports, workers, logLevel);
    }

    public FunctionInvoker Invoker { get; }

    public FunctionLogs Logs { get; }

    /// <summary>Worker processes alive now.</summary>
    public int WorkerCount => Invoker.Workers.WorkerCount;

    /// <summary>Starts the Runtime API and the asynchronous invocations a previous run left queued.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken);
        Invoker.Events.Recover();
    }

    /// <summary>A function's new document, or null when it was deleted.</summary>
    public void Apply(string functionName, FunctionDocument? document) => Invoker.Apply(functionName, document);

    public async ValueTask DisposeAsync()
    {
        await Invoker.DisposeAsync();
        await _server.DisposeAsync();
        await _ports.DisposeAsync();
        await Logs.DisposeAsync();
        _spawner.Dispose();
    }
}
