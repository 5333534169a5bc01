using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// wrk (Debian's package) as a real load client, with the benchmark's counting script <c>bench/throttle/count.lua</c>:
/// how many answers of each status a run got, and how long it really took.
/// </summary>
public static partial class Wrk
{
    public const string Executable = "/usr/bin/wrk";

    public static async Task<WrkRun> RunAsync(Uri url, TimeSpan duration, int connections = 4, int? rate = null)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: scripts/test.sh installs it (apt-get install wrk)");
        var script = Path.Combine(RepositoryLayout.Root, "bench", "throttle", "count.lua");
        List<string> arguments =
        [
            "-t1", $"-c{connections}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "5s", "-s", script, url.ToString(),
        ];
        if (rate is { } r)
        {
            arguments.AddRange(["--", $"rate={r}"]);
        }

        var clock = Stopwatch.StartNew();
        var result = (await ExternalProcess.RunAsync(Executable, arguments, new Dictionary<string, string?>())).ShouldSucceed();
        var elapsed = clock.Elapsed;
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("STATUS", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no STATUS line:\n{result.Stdout}\n{result.Stderr}");
        var counts = Counts().Matches(line).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        var socketErrors = SocketErrors().Match(result.Stdout) is { Success: true } errors ? errors.Value : null;
        return new WrkRun(counts, elapsed, socketErrors, result.Stdout);
    }

    [GeneratedRegex(@"(\d{3}|other)=(\d+)")]
    private static partial Regex Counts();

    [GeneratedRegex(@"Socket errors:.*")]
    private static partial Regex SocketErrors();
}

/// <summary>A wrk run: answers per status (<c>"200"</c>, <c>"429"</c>, <c>"other"</c>), wall-clock time, socket errors if any.</summary>
public sealed record WrkRun(IReadOnlyDictionary<string, long> Counts, TimeSpan Elapsed, string? SocketErrors, string Output)
{
    public long Status(int code) => Counts.GetValueOrDefault(code.ToString(CultureInfo.InvariantCulture));

    public long Total => Counts.Values.Sum();

    public long Others => Total - Status(200) - Status(429);
}
