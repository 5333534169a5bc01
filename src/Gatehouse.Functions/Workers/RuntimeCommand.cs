using System.Diagnostics;

namespace Gatehouse.Functions.Workers;

/// <summary>What a runtime identifier starts: Node.js and Python through the clients shipped with Gatehouse, the
/// <c>provided</c> runtimes through the function's own <c>bootstrap</c>.</summary>
internal sealed class RuntimeCommand
{
    private readonly string _runtimesDirectory;
    private readonly Lazy<string?> _node = new(() => FindOnPath("node"));
    private readonly Lazy<string?> _python = new(FindPython);

    public RuntimeCommand(string runtimesDirectory) => _runtimesDirectory = runtimesDirectory;

    public static bool IsSupported(string runtime) =>
        runtime.StartsWith("nodejs", StringComparison.Ordinal)
        || runtime.StartsWith("python3", StringComparison.Ordinal)
        || runtime.StartsWith("provided", StringComparison.Ordinal);

    /// <summary>The program and arguments for a runtime, or an init error (type, message) when it cannot start.</summary>
    public bool TryResolve(string runtime, string codeDirectory, out string[] command, out (string Type, string Message) error)
    {
        command = [];
        error = default;
        if (runtime.StartsWith("nodejs", StringComparison.Ordinal))
        {
            if (_node.Value is not { } node)
            {
                error = ("Runtime.InvalidEntrypoint", $"Runtime {runtime} needs Node.js: no `node` on Gatehouse's PATH");
                return false;
            }

            command = [node, Path.Combine(_runtimesDirectory, "node", "bootstrap.mjs")];
            return true;
        }

        if (runtime.StartsWith("python3", StringComparison.Ordinal))
        {
            if (_python.Value is not { } python)
            {
                error = ("Runtime.InvalidEntrypoint", $"Runtime {runtime} needs Python 3: no `python3` on Gatehouse's PATH");
                return false;
            }

            command = [python, "-u", Path.Combine(_runtimesDirectory, "python", "bootstrap.py")];
            return true;
        }

        if (runtime.StartsWith("provided", StringComparison.Ordinal))
        {
            var bootstrap = Path.Combine(codeDirectory, "bootstrap");
            if (!File.Exists(bootstrap))
            {
                error = ("Runtime.InvalidEntrypoint", $"Couldn't find valid bootstrap(s): [{bootstrap}]");
                return false;
            }

            command = [bootstrap];
            return true;
        }

        error = ("Runtime.InvalidEntrypoint", $"Gatehouse cannot run runtime {runtime}");
        return false;
    }

    /// <summary>The directories of the interpreters, for the functions' PATH.</summary>
    public IEnumerable<string> InterpreterDirectories()
    {
        foreach (var program in new[] { _node.IsValueCreated ? _node.Value : null, _python.IsValueCreated ? _python.Value : null })
        {
            if (program is not null && Path.GetDirectoryName(program) is { } directory)
            {
                yield return directory;
            }
        }
    }

    internal static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The real interpreter behind <c>python3</c>: version managers (pyenv) put shell shims on PATH that need the
    /// user's environment, which workers do not get.
    /// </summary>
    private static string? FindPython()
    {
        if (FindOnPath("python3") is not { } shim)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(shim, ["-c", "import sys; print(sys.executable)"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var path = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && File.Exists(path) ? path : shim;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
