using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gatehouse.Functions.Workers;

/// <summary>
/// Starts worker processes so that they die with Gatehouse, even when Gatehouse is killed: each worker is started
/// through <c>setpriv --pdeathsig KILL</c>, and the kernel sends that signal when the thread that forked the worker
/// ends. So every fork happens on this one thread, which lives as long as the process (a thread-pool thread would
/// retire and take its workers with it).
/// </summary>
internal sealed class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _requests = [];
    private readonly Thread _thread;

    public ProcessSpawner()
    {
        SetPriv = File.Exists("/usr/bin/setpriv") ? "/usr/bin/setpriv" : RuntimeCommand.FindOnPath("setpriv");
        _thread = new Thread(Run) { IsBackground = true, Name = "gatehouse-worker-spawner" };
        _thread.Start();
    }

    /// <summary>util-linux's setpriv, or null when this machine lacks it (then workers may outlive a killed Gatehouse).</summary>
    public string? SetPriv { get; }

    /// <summary>
    /// Starts <paramref name="command"/> with its stdout and stderr appended to <paramref name="outputPath"/>.
    /// </summary>
    public Task<Process> StartAsync(string[] command, string workingDirectory, IReadOnlyDictionary<string, string> environment, string outputPath)
    {
        // sh opens the output file (O_APPEND) and execs; setpriv sets the parent-death signal and execs the runtime,
        // so the worker keeps the pid Gatehouse knows.
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(SetPriv is null
            ? "exec \"$@\" >>\"$0\" 2>&1"
            : $"exec {SetPriv} --pdeathsig KILL -- \"$@\" >>\"$0\" 2>&1");
        start.ArgumentList.Add(outputPath);
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }

        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((start, started));
        return started.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private void Run()
    {
        foreach (var (start, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = start, EnableRaisingEvents = true };
                process.Start();
                // Nothing is ever written: stdin stays open so a runtime reading it does not see end-of-file.
                started.SetResult(process);
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
