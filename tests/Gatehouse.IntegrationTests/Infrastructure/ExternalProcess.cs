using System.Diagnostics;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>Runs a program (a real client: node, curl, a CLI) to completion with a time limit and collects its output.</summary>
public static class ExternalProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<ProcessResult> RunAsync(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("AWS_SESSION_TOKEN");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + executable);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }

        return new ProcessResult($"{executable} {string.Join(' ', arguments)}", process.ExitCode, await stdout, await stderr);
    }

    public sealed record ProcessResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
    {
        public ProcessResult ShouldSucceed()
        {
            Assert.True(ExitCode == 0, $"{CommandLine} exited {ExitCode}\nstderr: {Stderr}\nstdout: {Stdout}");
            return this;
        }
    }

}
