using System.Text;
using Gatehouse.Functions;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.Functions;
using Gatehouse.Observability.Metrics;
using Gatehouse.UnitTests.Observability.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Functions.Metrics;

/// <summary>
/// The AWS/Lambda metrics of real invocations (monitoring-metrics): Invocations, Errors, Throttles, Duration and
/// ConcurrentExecutions by FunctionName, by FunctionName+Resource for a version or alias, and across all functions.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LambdaMetricsTests : IAsyncLifetime
{
    private const string Bootstrap = """
        #!/bin/sh
        set -eu
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          headers="$(mktemp)"
          event="$(curl -sS -D "$headers" "$api/invocation/next")"
          id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d '[:space:]')"
          rm -f "$headers"
          case "$event" in
            *sleep*) sleep 30 ;;
            *fail*) curl -sS -X POST "$api/invocation/$id/error" -d '{"errorMessage":"failed","errorType":"Custom.Failure"}' >/dev/null; continue ;;
          esac
          curl -sS -X POST "$api/invocation/$id/response" -d '{"ok":true}' >/dev/null
        done
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-lambda-metrics-").FullName;
    private readonly RecordingSink _sink = new();
    private MetricAggregator _aggregator = null!;
    private FunctionHost _host = null!;

    public async Task InitializeAsync()
    {
        var code = Path.Combine(_directory, "code");
        Directory.CreateDirectory(code);
        var bootstrap = Path.Combine(code, "bootstrap");
        await File.WriteAllTextAsync(bootstrap, Bootstrap.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var recorder = new MetricRecorder(TimeProvider.System);
        _aggregator = new MetricAggregator(recorder, _sink, NullLogger<MetricAggregator>.Instance);
        _host = new FunctionHost(
            new FunctionsOptions { DataDirectory = _directory, EventRetryDelays = [] }, _ => code, NullLoggerFactory.Instance, metrics: recorder);
        await _host.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _aggregator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Invoke_SuccessesErrorsTimeoutsAndThrottles_CountAsLambdaPublishesThem()
    {
        _host.Apply("echo", Document("echo") with { ReservedConcurrentExecutions = 1 });
        await InvokeAsync("echo", "{}");
        await InvokeAsync("echo", "{}");
        Assert.Equal("Unhandled", (await InvokeAsync("echo", """{"fail":true}""")).FunctionError);
        var timingOut = InvokeAsync("echo", """{"sleep":true}""");
        await Task.Delay(300);
        Assert.Equal(InvocationStatus.Throttled, (await InvokeAsync("echo", "{}")).Status);
        Assert.Equal("Unhandled", (await timingOut).FunctionError);

        await _aggregator.FlushAsync(CancellationToken.None);

        Assert.Equal((4.0, 4.0), Totals("Invocations", "FunctionName=echo"));
        Assert.Equal((4.0, 2.0), Totals("Errors", "FunctionName=echo"));
        Assert.Equal((5.0, 1.0), Totals("Throttles", "FunctionName=echo"));
        Assert.Equal(4.0, Totals("Duration", "FunctionName=echo").SampleCount);
        Assert.InRange(_sink.Of("Duration", "FunctionName=echo").Max(d => d.Maximum), 1900, 3000); // the 2 s timeout
        Assert.Equal(MetricUnits.Milliseconds, _sink.Of("Duration", "FunctionName=echo")[0].Unit);
        Assert.Equal(1.0, _sink.Of("ConcurrentExecutions", "FunctionName=echo").Max(d => d.Maximum));
        // Across all functions, too.
        Assert.Equal((4.0, 4.0), Totals("Invocations"));
        Assert.Equal(1.0, _sink.Of("ConcurrentExecutions").Max(d => d.Maximum));
        // Unqualified invocations have no Resource.
        Assert.DoesNotContain(_sink.Data, d => d.Metric.Dimensions.Any(x => x.Name == "Resource"));
    }

    [Fact]
    public async Task Invoke_VersionOrAlias_CountsInFunctionNameResourceToo()
    {
        var document = Document("echo");
        _host.Apply("echo", document with
        {
            Versions = [document.Latest with { Version = "1" }],
            Aliases = [new FunctionAlias { Name = "live", FunctionVersion = "1", RevisionId = "a" }],
        });

        await InvokeAsync("echo", "{}", qualifier: "live");
        await InvokeAsync("echo", "{}", qualifier: "1");
        await InvokeAsync("echo:live", "{}");
        await InvokeAsync("echo", "{}");
        await _aggregator.FlushAsync(CancellationToken.None);

        Assert.Equal(2.0, Totals("Invocations", "FunctionName=echo", "Resource=echo:live").Sum);
        Assert.Equal(1.0, Totals("Invocations", "FunctionName=echo", "Resource=echo:1").Sum);
        Assert.Equal(4.0, Totals("Invocations", "FunctionName=echo").Sum);
        Assert.Equal(4.0, Totals("Invocations").Sum);
    }

    [Fact]
    public async Task EnqueueAsync_AsynchronousEvent_CountsWhenItRuns()
    {
        _host.Apply("echo", Document("echo"));

        var queued = await _host.Invoker.EnqueueAsync(
            new InvocationRequest { FunctionName = "echo", Payload = """{"fail":true}"""u8.ToArray() }, CancellationToken.None);

        Assert.Equal(InvocationStatus.Completed, queued.Status);
        for (var i = 0; i < 100 && _sink.Of("Invocations", "FunctionName=echo").Count == 0; i++)
        {
            await Task.Delay(100);
            await _aggregator.FlushAsync(CancellationToken.None);
        }

        Assert.Equal((1.0, 1.0), Totals("Invocations", "FunctionName=echo"));
        Assert.Equal((1.0, 1.0), Totals("Errors", "FunctionName=echo"));
    }

    private (double SampleCount, double Sum) Totals(string metric, params string[] dimensions)
    {
        var data = _sink.Of(metric, dimensions);
        return (data.Sum(d => d.SampleCount), data.Sum(d => d.Sum));
    }

    private async Task<InvocationResult> InvokeAsync(string name, string payload, string? qualifier = null) =>
        await _host.Invoker.InvokeAsync(
            new InvocationRequest { FunctionName = name, Qualifier = qualifier, Payload = Encoding.UTF8.GetBytes(payload) }, CancellationToken.None);

    private static FunctionDocument Document(string name) => new()
    {
        FunctionName = name,
        Latest = new FunctionVersion
        {
            Version = FunctionVersion.LatestName,
            Runtime = "provided.al2023",
            Handler = "unused",
            Role = "arn:aws:iam::000000000000:role/test",
            Timeout = 2,
            Code = new FunctionCode { Id = "test", Sha256 = "", Size = 0 },
            LastModified = DateTimeOffset.UtcNow,
            RevisionId = Guid.NewGuid().ToString(),
            State = "Active",
        },
    };
}
