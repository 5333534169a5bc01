using System.Text;
using Gatehouse.Functions;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.Functions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Functions;

/// <summary>
/// The runtime side of local Lambda with real worker processes: a <c>provided</c> runtime whose bootstrap is a shell
/// script speaking the Runtime API with curl, the way AWS's custom-runtime tutorial writes one.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FunctionHostTests : IAsyncLifetime
{
    private const string EchoBootstrap = """
        #!/bin/sh
        set -eu
        echo "init $AWS_LAMBDA_FUNCTION_NAME $AWS_LAMBDA_FUNCTION_VERSION"
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          headers="$(mktemp)"
          event="$(curl -sS -D "$headers" "$api/invocation/next")"
          id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d '[:space:]')"
          arn="$(grep -i '^Lambda-Runtime-Invoked-Function-Arn:' "$headers" | cut -d: -f2- | tr -d '[:space:]')"
          rm -f "$headers"
          echo "handling $id"
          case "$event" in
            *sleep*) sleep 30 ;;
            *crash*) exit 3 ;;
            *fail*) curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Custom.Failure' "$api/invocation/$id/error" -d '{"errorMessage":"failed","errorType":"Custom.Failure"}' >/dev/null; continue ;;
          esac
          curl -sS -X POST "$api/invocation/$id/response" -d "{\"echo\":$event,\"arn\":\"$arn\",\"pid\":$$}" >/dev/null
        done
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-functions-").FullName;
    private FunctionHost _host = null!;

    public async Task InitializeAsync()
    {
        var code = Path.Combine(_directory, "code");
        Directory.CreateDirectory(code);
        var bootstrap = Path.Combine(code, "bootstrap");
        await File.WriteAllTextAsync(bootstrap, EchoBootstrap.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _host = new FunctionHost(new FunctionsOptions { DataDirectory = _directory }, _ => code, NullLoggerFactory.Instance);
        await _host.StartAsync(CancellationToken.None);
        _host.Apply("echo", Document("echo", timeout: 2));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Invoke_ProvidedRuntime_ReturnsTheResponseAndReusesTheWarmWorker()
    {
        var first = await InvokeAsync("echo", """{"a":1}""");
        var second = await InvokeAsync("echo", """{"a":2}""");

        Assert.Equal(InvocationStatus.Completed, first.Status);
        Assert.Null(first.FunctionError);
        Assert.Equal("$LATEST", first.ExecutedVersion);
        using var firstJson = System.Text.Json.JsonDocument.Parse(first.Payload);
        using var secondJson = System.Text.Json.JsonDocument.Parse(second.Payload);
        Assert.Equal(1, firstJson.RootElement.GetProperty("echo").GetProperty("a").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:echo", firstJson.RootElement.GetProperty("arn").GetString());
        Assert.Equal(firstJson.RootElement.GetProperty("pid").GetInt32(), secondJson.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(1, _host.WorkerCount);
    }

    [Fact]
    public async Task Invoke_WithTail_ReturnsStartOutputEndAndReport()
    {
        var result = await InvokeAsync("echo", "{}", tail: true);

        var log = result.LogTail!;
        Assert.StartsWith($"START RequestId: {result.RequestId} Version: $LATEST\n", log, StringComparison.Ordinal);
        Assert.Contains($"handling {result.RequestId}\n", log, StringComparison.Ordinal);
        Assert.Contains($"END RequestId: {result.RequestId}\n", log, StringComparison.Ordinal);
        Assert.Matches($"REPORT RequestId: {result.RequestId}\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\tMemory Size: 128 MB\tMax Memory Used: [0-9]+ MB\tInit Duration: [0-9.]+ ms\t", log);
    }

    [Fact]
    public async Task Invoke_FunctionError_ReturnsTheErrorDocumentAsUnhandled()
    {
        var result = await InvokeAsync("echo", """{"fail":true}""");

        Assert.Equal(InvocationStatus.Completed, result.Status);
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("""{"errorMessage":"failed","errorType":"Custom.Failure"}""", Encoding.UTF8.GetString(result.Payload.Span));
    }

    [Fact]
    public async Task Invoke_RuntimeExits_ReportsRuntimeExitErrorAndTheNextInvocationStartsAFreshWorker()
    {
        var crashed = await InvokeAsync("echo", """{"crash":true}""");
        var next = await InvokeAsync("echo", "{}");

        Assert.Equal("Unhandled", crashed.FunctionError);
        Assert.Equal(
            $$"""{"errorType":"Runtime.ExitError","errorMessage":"RequestId: {{crashed.RequestId}} Error: Runtime exited with error: exit status 3"}""",
            Encoding.UTF8.GetString(crashed.Payload.Span));
        Assert.Null(next.FunctionError);
    }

    [Fact]
    public async Task Invoke_LongerThanTheTimeout_KillsTheWorkerAndReportsTaskTimedOut()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await InvokeAsync("echo", """{"sleep":true}""");

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal(
            $$"""{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: {{result.RequestId}} Error: Task timed out after 2.00 seconds"}""",
            Encoding.UTF8.GetString(result.Payload.Span));
        var after = await InvokeAsync("echo", "{}");
        Assert.Null(after.FunctionError);
    }

    [Fact]
    public async Task Invoke_AtReservedConcurrency_IsThrottled()
    {
        _host.Apply("echo", Document("echo", timeout: 2) with { ReservedConcurrentExecutions = 1 });

        var busy = InvokeAsync("echo", """{"sleep":true}""");
        await Task.Delay(300);
        var throttled = await InvokeAsync("echo", "{}");

        Assert.Equal(InvocationStatus.Throttled, throttled.Status);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", throttled.Reason);
        await busy;
    }

    [Fact]
    public async Task Invoke_UnknownFunctionOrVersion_IsNotFound()
    {
        var missing = await InvokeAsync("nope", "{}");
        var version = await _host.Invoker.InvokeAsync(new InvocationRequest { FunctionName = "echo", Qualifier = "7", Payload = "{}"u8.ToArray() }, CancellationToken.None);

        Assert.Equal(InvocationStatus.FunctionNotFound, missing.Status);
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", missing.ErrorMessage);
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:7", version.ErrorMessage);
    }

    [Fact]
    public async Task Logs_AfterInvocations_HoldTheStreamWithPlatformLines()
    {
        var result = await InvokeAsync("echo", "{}");
        await _host.Logs.FlushAsync(CancellationToken.None);

        var stream = Assert.Single(_host.Logs.ListStreams("echo"));
        Assert.Matches(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", stream);
        var messages = _host.Logs.ReadStream("echo", stream).Select(e => e.Message).ToList();
        Assert.Equal("init echo $LATEST", messages[0]);
        Assert.Contains($"START RequestId: {result.RequestId} Version: $LATEST", messages);
        Assert.Contains($"END RequestId: {result.RequestId}", messages);
    }

    private async Task<InvocationResult> InvokeAsync(string name, string payload, bool tail = false) =>
        await _host.Invoker.InvokeAsync(new InvocationRequest { FunctionName = name, Payload = Encoding.UTF8.GetBytes(payload), TailLogs = tail }, CancellationToken.None);

    private static FunctionDocument Document(string name, int timeout) => new()
    {
        FunctionName = name,
        Latest = new FunctionVersion
        {
            Version = FunctionVersion.LatestName,
            Runtime = "provided.al2023",
            Handler = "unused",
            Role = "arn:aws:iam::000000000000:role/test",
            Timeout = timeout,
            Code = new FunctionCode { Id = "test", Sha256 = "", Size = 0 },
            LastModified = DateTimeOffset.UtcNow,
            RevisionId = Guid.NewGuid().ToString(),
            State = "Active",
        },
    };
}
