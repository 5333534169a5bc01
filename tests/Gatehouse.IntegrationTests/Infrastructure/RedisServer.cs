using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, in memory only (no RDB, no AOF), for the tests' own use: it can
/// be stopped (SIGTERM, as a service manager would), frozen (SIGSTOP: connected but silent, as a stalled server is) and
/// started again on the same port. Tests fail, not skip, when redis-server is missing: scripts/test.sh installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Every port a server of this test run has been given (see <see cref="FreePort"/>).</summary>
    private static readonly HashSet<int> PortsGiven = [];

    private readonly string? _password;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(int port, string? password)
    {
        Port = port;
        _password = password;
    }

    public int Port { get; }

    /// <summary>The address Gatehouse takes: <c>redis://[:password@]127.0.0.1:port</c>.</summary>
    public string Address => _password is null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Uri.EscapeDataString(_password)}@127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server printed, for failure messages.</summary>
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

    /// <summary>Starts a server on a free port (with <c>requirepass</c> when a password is given) and waits for PING.</summary>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: scripts/test.sh installs it (Debian's redis-server package).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreePort(), password);
            try
            {
                await server.StartProcessAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between our probe and redis-server's bind: try another.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the server again on the same port (after <see cref="StopAsync"/>).</summary>
    public Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is running; stop it first");
        }

        return StartProcessAsync();
    }

    /// <summary>Sends SIGTERM and waits for the exit; SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            Signal(process, "CONT"); // a frozen server cannot act on SIGTERM
            Signal(process, "TERM");
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    /// <summary>SIGSTOP: the server keeps its connections open and answers nothing, as a stalled server does.</summary>
    public void Freeze() => Signal(_process ?? throw new InvalidOperationException("not running"), "STOP");

    /// <summary>SIGCONT after <see cref="Freeze"/>.</summary>
    public void Thaw() => Signal(_process ?? throw new InvalidOperationException("not running"), "CONT");

    /// <summary>Sends one command in RESP and returns the first line of the answer (for the tests' own checks).</summary>
    public Task<string> CommandAsync(params string[] command) => CommandAsync(command, wholeBulkReply: false);

    /// <summary>The text of <c>INFO section</c>.</summary>
    public Task<string> InfoAsync(string section) => CommandAsync(["INFO", section], wholeBulkReply: true);

    private async Task<string> CommandAsync(string[] command, bool wholeBulkReply)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var request = new StringBuilder();
        if (_password is not null)
        {
            AppendCommand(request, ["AUTH", _password]);
        }

        AppendCommand(request, command);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (_password is not null)
        {
            await reader.ReadLineAsync(); // +OK
        }

        var first = await reader.ReadLineAsync() ?? "";
        if (!wholeBulkReply || !first.StartsWith('$'))
        {
            return first;
        }

        var length = int.Parse(first[1..], CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        while (text.Length < length && await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append("\r\n");
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static void AppendCommand(StringBuilder request, string[] command)
    {
        request.Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }
    }

    /// <summary>
    /// A free port that no other server of this test run has had: a stopped server's port must not go to another test's
    /// server, which would then be restarted over, and whose stores would report metrics under the same port tag.
    /// </summary>
    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (PortsGiven)
            {
                if (PortsGiven.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"])
        {
            start.ArgumentList.Add(argument);
        }

        if (_password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(_password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Executable);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                _process = null;
                throw new InvalidOperationException($"redis-server exited with {process.ExitCode} at start on port {Port}:\n{Output}");
            }

            try
            {
                var answer = await CommandAsync("PING");
                if (answer == "+PONG")
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
