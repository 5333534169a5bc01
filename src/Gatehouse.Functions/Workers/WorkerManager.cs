using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gatehouse.Functions.Invocation;
using Gatehouse.Functions.Logs;
using Gatehouse.Functions.RuntimeApi;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Functions.Workers;

/// <summary>
/// Runs invocations on workers: starts them (cold starts), hands them events, takes their answers from the Runtime
/// API, and ends them on timeout, crash, retirement, idleness and shutdown. Writes each invocation's log as Lambda does
/// (START, the function's output, END, REPORT).
/// </summary>
internal sealed partial class WorkerManager : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(50);
    private readonly FunctionsOptions _options;
    private readonly WorkerPortListener _ports;
    private readonly ProcessSpawner _spawner;
    private readonly RuntimeCommand _runtimes;
    private readonly FunctionLogs _logs;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, Worker> _byPort = new();
    private readonly ConcurrentDictionary<Worker, byte> _workers = new();
    private readonly string _outputDirectory;
    private readonly Timer _sweeper;
    private long _nextWorkerId;
    private long _lastReap = Stopwatch.GetTimestamp();
    private int _sweeping;
    private bool _disposed;

    public WorkerManager(
        FunctionsOptions options, WorkerPortListener ports, ProcessSpawner spawner, RuntimeCommand runtimes, FunctionLogs logs, ILogger<WorkerManager> logger)
    {
        _options = options;
        _ports = ports;
        _spawner = spawner;
        _runtimes = runtimes;
        _logs = logs;
        _logger = logger;
        _outputDirectory = Path.Combine(options.DataDirectory, "functions", "workers");
        if (Directory.Exists(_outputDirectory))
        {
            // Output files of workers from a previous run: those workers died with it.
            Directory.Delete(_outputDirectory, recursive: true);
        }

        Directory.CreateDirectory(_outputDirectory);
        _sweeper = new Timer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Workers alive now, over all functions.</summary>
    public int WorkerCount => _workers.Count;

    public bool TryGetWorker(int port, out Worker worker) => _byPort.TryGetValue(port, out worker!);

    /// <summary>Runs an invocation on a warm worker of the pool, or on a new one; completes when the invocation does.</summary>
    public async Task<InvocationOutcome> RunAsync(WorkerPool pool, Invocation.Invocation invocation)
    {
        while (true)
        {
            var worker = pool.TakeIdle();
            if (worker is null)
            {
                var (started, failure) = await StartWorkerAsync(pool);
                if (started is null)
                {
                    return failure!;
                }

                worker = started;
            }

            if (worker.TryAssign(invocation))
            {
                return await invocation.Outcome;
            }
        }
    }

    /// <summary>GET /next delivered the invocation: the function's clock starts, and its log opens.</summary>
    public void OnDelivered(Worker worker, Invocation.Invocation invocation)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var events = new List<LogEvent>();
        AddOutput(events, worker.Output.Drain(), now);
        events.Add(new LogEvent(now, $"START RequestId: {invocation.RequestId} Version: {worker.Pool.Version.Version}"));
        _logs.Append(worker.Pool.FunctionName, worker.LogStreamName, [.. events]);
        invocation.MarkDelivered();
    }

    /// <summary>The runtime answered (POST /response or /error). False when that request id is not the current one.</summary>
    public bool OnAnswer(Worker worker, string requestId, ReadOnlyMemory<byte> payload, string? errorType)
    {
        if (worker.TakeCurrent(requestId) is not { } invocation)
        {
            return false;
        }

        var log = Finish(worker, invocation, status: null, extra: null);
        // Back in the pool first: completing may run the caller's whole response on this thread.
        if (!worker.Pool.Return(worker))
        {
            Stop(worker);
        }

        invocation.TryComplete(new InvocationOutcome(payload, errorType, log));
        return true;
    }

    /// <summary>The runtime could not initialise (POST /init/error): its invocation fails with that error, and it stops.</summary>
    public void OnInitError(Worker worker, ReadOnlyMemory<byte> payload, string errorType)
    {
        worker.InitError = payload;
        worker.InitErrorType = errorType;
        if (worker.TakeCurrent() is { } invocation)
        {
            var log = Finish(worker, invocation, status: "error", extra: null);
            invocation.TryComplete(new InvocationOutcome(payload, errorType, log));
        }

        Stop(worker);
    }

    /// <summary>Stops a worker; its exit handler cleans up.</summary>
    public void Stop(Worker worker)
    {
        if (worker.Process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited: the exit handler runs (or ran).
            }
        }
        else
        {
            OnExited(worker);
        }
    }

    /// <summary>Stops the idle workers of a retired pool.</summary>
    public void Retire(WorkerPool pool)
    {
        foreach (var worker in pool.Retire())
        {
            Stop(worker);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _sweeper.DisposeAsync();
        var exits = new List<Task>();
        foreach (var worker in _workers.Keys)
        {
            if (worker.Process is { } process)
            {
                exits.Add(process.WaitForExitAsync());
            }

            Stop(worker);
        }

        await Task.WhenAll(exits).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<(Worker? Worker, InvocationOutcome? Failure)> StartWorkerAsync(WorkerPool pool)
    {
        var codeDirectory = pool.CodeDirectory!;
        if (!_runtimes.TryResolve(pool.Version.Runtime, codeDirectory, out var command, out var error))
        {
            return (null, InvocationOutcome.Failure(error.Type, error.Message, InvocationOutcome.Line(error.Message)));
        }

        var id = Interlocked.Increment(ref _nextWorkerId);
        var port = await _ports.OpenAsync(CancellationToken.None);
        var stream = LogStreamName(pool.Version.Version, id);
        var output = new WorkerOutput(Path.Combine(_outputDirectory, $"{id}.log"));
        var worker = new Worker(id, pool, port, output, stream);
        _byPort[port.Port] = worker;
        _workers[worker] = 0;
        if (!pool.Add(worker))
        {
            // Retired while we were opening the port: a newer version serves; start this one anyway for the caller.
            LogStartedOnRetiredPool(_logger, pool.FunctionName);
        }

        try
        {
            var process = await _spawner.StartAsync(command, codeDirectory, Environment(pool, worker, codeDirectory), output.Path);
            worker.Process = process;
            process.Exited += (_, _) => OnExited(worker);
            if (process.HasExited)
            {
                OnExited(worker);
            }

            LogWorkerStarted(_logger, pool.FunctionName, pool.Version.Version, process.Id, port.Port);
            return (worker, null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            OnExited(worker);
            var message = $"Could not start the {pool.Version.Runtime} runtime: {e.Message}";
            return (null, InvocationOutcome.Failure("Runtime.InvalidEntrypoint", message, InvocationOutcome.Line(message)));
        }
    }

    private Dictionary<string, string> Environment(WorkerPool pool, Worker worker, string codeDirectory)
    {
        var version = pool.Version;
        var environment = new Dictionary<string, string>(version.Environment);
        var path = string.Join(':', _runtimes.InterpreterDirectories().Append("/usr/local/bin").Append("/usr/bin").Append("/bin").Distinct());
        // Lambda's reserved variables win over the function's own, as on Lambda (which refuses to set them).
        environment["PATH"] = path;
        environment["LANG"] = "en_US.UTF-8";
        environment["TZ"] = ":UTC";
        environment["_HANDLER"] = version.Handler;
        environment["LAMBDA_TASK_ROOT"] = codeDirectory;
        environment["LAMBDA_RUNTIME_DIR"] = Path.Combine(AppContext.BaseDirectory, "lambda-runtimes");
        environment["AWS_REGION"] = _options.Region;
        environment["AWS_DEFAULT_REGION"] = _options.Region;
        environment["AWS_EXECUTION_ENV"] = $"AWS_Lambda_{version.Runtime}";
        environment["AWS_LAMBDA_FUNCTION_NAME"] = pool.FunctionName;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = version.Version;
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = version.MemorySize.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = FunctionLogs.GroupName(pool.FunctionName);
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = worker.LogStreamName;
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{worker.Port.Port}";
        environment["AWS_ACCESS_KEY_ID"] = _options.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = _options.SecretAccessKey;
        return environment;
    }

    private void OnExited(Worker worker)
    {
        if (!worker.MarkDead())
        {
            return;
        }

        _byPort.TryRemove(worker.Port.Port, out _);
        _workers.TryRemove(worker, out _);
        worker.Pool.Remove(worker);
        if (worker.TakeCurrent() is { } invocation)
        {
            var exit = ExitDescription(worker.Process);
            var message = $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {exit}";
            var log = Finish(worker, invocation, status: "error", extra: [message, "Runtime.ExitError"]);
            invocation.TryComplete(InvocationOutcome.Failure("Runtime.ExitError", message, log));
        }
        else
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var events = new List<LogEvent>();
            AddOutput(events, SafeDrain(worker), now);
            _logs.Append(worker.Pool.FunctionName, worker.LogStreamName, [.. events]);
        }

        LogWorkerExited(_logger, worker.Pool.FunctionName, worker.Process?.Id ?? 0, ExitDescription(worker.Process));
        worker.Process?.Dispose();
        worker.Output.Dispose();
        _ = worker.Port.DisposeAsync().AsTask();
    }

    private static string ExitDescription(Process? process)
    {
        if (process is null)
        {
            return "not started";
        }

        try
        {
            if (!process.HasExited)
            {
                return "running";
            }

            var code = process.ExitCode;
            // .NET reports death by signal N as 128 + N.
            return code > 128 && code < 160
                ? "signal: " + (code - 128) switch
                {
                    6 => "aborted",
                    9 => "killed",
                    11 => "segmentation fault",
                    15 => "terminated",
                    var signal => signal.ToString(CultureInfo.InvariantCulture),
                }
                : $"exit status {code}";
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Closes an invocation's log: the function's output, any platform lines, END and REPORT. Returns those events
    /// (with START before them, what <c>LogType: Tail</c> shows).
    /// </summary>
    private LogEvent[] Finish(Worker worker, Invocation.Invocation invocation, string? status, string[]? extra)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var duration = invocation.Elapsed.TotalMilliseconds;
        var events = new List<LogEvent>(8);
        AddOutput(events, SafeDrain(worker), now);
        foreach (var line in extra ?? [])
        {
            events.Add(new LogEvent(now, line));
        }

        var id = invocation.RequestId;
        var version = worker.Pool.Version;
        events.Add(new LogEvent(now, $"END RequestId: {id}"));
        var report = new StringBuilder(160);
        report.Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {id}\tDuration: {duration:0.00} ms\tBilled Duration: {Math.Max(1, (long)Math.Ceiling(duration))} ms\t");
        report.Append(CultureInfo.InvariantCulture, $"Memory Size: {version.MemorySize} MB\tMax Memory Used: {MaxMemoryUsedMb(worker)} MB\t");
        if (!worker.ReportedInit && worker.InitDuration is { } init)
        {
            report.Append(CultureInfo.InvariantCulture, $"Init Duration: {init.TotalMilliseconds:0.00} ms\t");
        }

        worker.ReportedInit = true;
        if (status is not null)
        {
            report.Append(CultureInfo.InvariantCulture, $"Status: {status}");
        }

        events.Add(new LogEvent(now, report.ToString()));
        var log = events.ToArray();
        _logs.Append(worker.Pool.FunctionName, worker.LogStreamName, log);
        return log;
    }

    private static string SafeDrain(Worker worker)
    {
        try
        {
            return worker.Output.Drain();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return "";
        }
    }

    private static void AddOutput(List<LogEvent> events, string output, long now)
    {
        if (output.Length == 0)
        {
            return;
        }

        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 0)
            {
                events.Add(new LogEvent(now, line));
            }
        }
    }

    /// <summary>
    /// The worker's peak resident memory (VmHWM), in MB, as Lambda's "Max Memory Used". Read from /proc at most once a
    /// second per worker: a peak only grows, and the read costs more than the rest of the REPORT line.
    /// </summary>
    private static long MaxMemoryUsedMb(Worker worker)
    {
        if (worker.MaxMemoryReadAt != 0 && Stopwatch.GetElapsedTime(worker.MaxMemoryReadAt) < TimeSpan.FromSeconds(1))
        {
            return worker.MaxMemoryMb;
        }

        worker.MaxMemoryReadAt = Stopwatch.GetTimestamp();
        return worker.MaxMemoryMb = Math.Max(worker.MaxMemoryMb, ReadPeakMemoryMb(worker.Process));
    }

    private static long ReadPeakMemoryMb(Process? process)
    {
        if (process is null)
        {
            return 0;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    return (kb + 1023) / 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
        }

        return 0;
    }

    private static string LogStreamName(string version, long workerId) =>
        $"{DateTime.UtcNow:yyyy'/'MM'/'dd}/[{version}]{workerId:x8}{Guid.NewGuid():N}"[..(13 + version.Length + 32)];

    /// <summary>
    /// Whether an invocation has run out of time (all times in Stopwatch ticks; 0 = not yet). Delivered: the function's
    /// own clock. Not yet delivered: a new worker may first take Lambda's init phase, a warm one picks its event up at
    /// once, so from assignment only the function's timeout applies.
    /// </summary>
    internal static bool HasTimedOut(long assignedAt, long deliveredAt, bool initialized, TimeSpan timeout, TimeSpan initTimeout, long now)
    {
        if (deliveredAt != 0)
        {
            return Stopwatch.GetElapsedTime(deliveredAt, now) > timeout;
        }

        return Stopwatch.GetElapsedTime(assignedAt, now) > (initialized ? TimeSpan.Zero : initTimeout) + timeout;
    }

    /// <summary>Timeouts (every tick) and idle workers (every few seconds).</summary>
    private void Sweep()
    {
        if (_disposed || Interlocked.Exchange(ref _sweeping, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var worker in _workers.Keys)
            {
                if (worker.Current is not { } invocation)
                {
                    continue;
                }

                var timedOut = HasTimedOut(invocation.AssignedAt, invocation.DeliveredAt, worker.InitDuration is not null,
                    invocation.Timeout, _options.InitTimeout, Stopwatch.GetTimestamp());
                if (timedOut && worker.TakeCurrent(invocation.RequestId) is not null)
                {
                    var message = $"RequestId: {invocation.RequestId} Error: Task timed out after {invocation.TimeoutSeconds} seconds";
                    var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {invocation.TimeoutSeconds} seconds";
                    var log = Finish(worker, invocation, status: "timeout", extra: [line]);
                    invocation.TryComplete(InvocationOutcome.Failure("Sandbox.Timedout", message, log));
                    Stop(worker);
                }
            }

            if (Stopwatch.GetElapsedTime(_lastReap) > TimeSpan.FromSeconds(1))
            {
                _lastReap = Stopwatch.GetTimestamp();
                foreach (var pool in _workers.Keys.Select(w => w.Pool).Distinct())
                {
                    foreach (var worker in pool.TakeExpired(_options.IdleWorkerTimeout))
                    {
                        Stop(worker);
                    }
                }
            }
        }
        catch (Exception e)
        {
            LogSweepFailed(_logger, e);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker for {FunctionName}:{Version} started: pid {Pid}, Runtime API port {Port}")]
    private static partial void LogWorkerStarted(ILogger logger, string functionName, string version, int pid, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker for {FunctionName} (pid {Pid}) exited: {Exit}")]
    private static partial void LogWorkerExited(ILogger logger, string functionName, int pid, string exit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A worker for {FunctionName} started on a pool retired meanwhile")]
    private static partial void LogStartedOnRetiredPool(ILogger logger, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "The worker sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
