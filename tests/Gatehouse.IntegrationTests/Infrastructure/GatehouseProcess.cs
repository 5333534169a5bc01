using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>gatehouse serve</c> process on an ephemeral loopback port, with its own data directory. It can be stopped
/// with SIGTERM and started again on the same data directory; its stdout and stderr are kept for failure messages.
/// </summary>
public sealed partial class GatehouseProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataDirectory;
    private readonly string[] _extraArguments;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    private GatehouseProcess(string dataDirectory, bool ownsDataDirectory, string[] extraArguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _extraArguments = extraArguments;
        _environment = environment ?? new Dictionary<string, string>();
    }

    public string DataDirectory { get; }

    /// <summary>The port of the running server; it changes on every start.</summary>
    public int Port { get; private set; }

    /// <summary>The control-plane endpoint, as given to <c>--endpoint-url</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last process, once it has stopped.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Everything the server wrote, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts a server on a fresh temporary data directory, with <c>serve</c> options beyond the ones every test
    /// server gets (they are kept for restarts).
    /// </summary>
    public static async Task<GatehouseProcess> StartAsync(params string[] extraArguments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-it-").FullName;
        var server = new GatehouseProcess(dataDirectory, ownsDataDirectory: true, extraArguments);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>As <see cref="StartAsync(string[])"/>, with environment variables for the server process.</summary>
    public static async Task<GatehouseProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-it-").FullName;
        var server = new GatehouseProcess(dataDirectory, ownsDataDirectory: true, extraArguments, environment);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Starts another server on <paramref name="dataDirectory"/>, which belongs to someone else (a second node beside a
    /// first one: it serves the configuration stored there when it starts).
    /// </summary>
    public static async Task<GatehouseProcess> StartOnAsync(string dataDirectory, params string[] extraArguments)
    {
        var server = new GatehouseProcess(dataDirectory, ownsDataDirectory: false, extraArguments);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Runs <c>gatehouse serve</c> with <paramref name="arguments"/> on a temporary data directory until it exits by itself
    /// (a configuration it refuses), and returns what it printed and its exit code.
    /// </summary>
    public static async Task<ExternalProcess.ProcessResult> RunUntilExitAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var data = Directory.CreateTempSubdirectory("gatehouse-it-refused-").FullName;
        try
        {
            return await ExternalProcess.RunAsync("dotnet",
                [RepositoryLayout.ServerAssembly, "serve", "--data-dir", data, .. arguments], environment ?? new Dictionary<string, string?>());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Stops the server with SIGTERM (as a service manager would) and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    /// <summary>Kills the server with SIGKILL, as a crash or an OOM killer would, and starts it again on the same data.</summary>
    public async Task CrashAndRestartAsync()
    {
        await StopAsync(hard: true);
        await StartProcessAsync();
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; kills the process if it does not exit within 10 s.</summary>
    public Task StopAsync() => StopAsync(hard: false);

    /// <summary>
    /// SIGKILL to the server process alone (not its children), as the OOM killer would: what happens to the processes
    /// it started is then up to the server. Starts it again on the same data.
    /// </summary>
    public async Task KillAloneAndRestartAsync()
    {
        var process = _process ?? throw new InvalidOperationException("not running");
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        }))
        {
            kill?.WaitForExit();
        }

        await process.WaitForExitAsync();
        await StopAsync(hard: true);
        await StartProcessAsync();
    }

    private async Task StopAsync(bool hard)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited && hard)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            else if (!process.HasExited)
            {
                SendSigterm(process.Id);
                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Append($"[test] gatehouse did not exit within {StopTimeout.TotalSeconds} s of SIGTERM; killing it");
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.WaitForExit(); // flushes the redirected output
            ExitCode = process.ExitCode;
        }
        finally
        {
            Live.Remove(process);
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing a test run for.
            }
        }
    }

    private async Task StartProcessAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("The server is already running");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The data directory is given relative to the working directory, as the README's ./.gatehouse is.
            WorkingDirectory = Path.GetDirectoryName(DataDirectory)!,
        };
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        // Warnings and errors only, unless the test asks for another level.
        string[] logLevel = _extraArguments.Contains("--log-level") ? [] : ["--log-level", "Warning"];
        foreach (var argument in new[]
        {
            RepositoryLayout.ServerAssembly, "serve", "--urls", "http://127.0.0.1:0", "--data-dir", "./" + Path.GetFileName(DataDirectory),
        }.Concat(logLevel).Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append("[stderr] " + e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("gatehouse exited before it was listening"));

        Append($"[test] starting {start.FileName} {string.Join(' ', start.ArgumentList)}");
        process.Start();
        Live.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            Port = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await StopAsync();
            throw new InvalidOperationException(
                $"gatehouse did not report 'Gatehouse listening on http://127.0.0.1:PORT' within {StartTimeout.TotalSeconds} s ({e.Message}). Output:\n{Output}", e);
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    private static void SendSigterm(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }

    [GeneratedRegex(@"Gatehouse listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Servers still running; killed if the test host exits without disposing them (a crash, a Ctrl-C).</summary>
    private static class Live
    {
        private static readonly HashSet<Process> Processes = [];

        static Live() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Processes)
            {
                foreach (var process in Processes)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // already gone
                    }
                }
            }
        };

        public static void Add(Process process)
        {
            lock (Processes)
            {
                Processes.Add(process);
            }
        }

        public static void Remove(Process process)
        {
            lock (Processes)
            {
                Processes.Remove(process);
            }
        }
    }
}
