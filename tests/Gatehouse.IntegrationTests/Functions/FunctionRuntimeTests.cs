using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Functions;

/// <summary>
/// Functions run as Lambda runs them, driven by the real AWS CLI: real Node.js, Python and custom-runtime workers on
/// the Runtime API, with Lambda's context, environment, errors, timeouts, logs, versions, aliases and concurrency.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class FunctionRuntimeTests(GatehouseFixture fixture)
{
    private const string Introspect = """
        exports.handler = async (event, context) => ({
          event,
          requestId: context.awsRequestId,
          functionName: context.functionName,
          functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          logGroupName: context.logGroupName,
          remaining: context.getRemainingTimeInMillis(),
          pid: process.pid,
          env: Object.fromEntries(['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
            'AWS_REGION', '_HANDLER', 'LAMBDA_TASK_ROOT', 'AWS_LAMBDA_RUNTIME_API', 'AWS_EXECUTION_ENV', 'GREETING',
            'AWS_LAMBDA_LOG_GROUP_NAME'].map(k => [k, process.env[k] ?? null])),
        });
        """;

    private AwsCli Cli => fixture.Cli;

    [Fact]
    public async Task Invoke_NodeFunction_GetsTheEventContextAndLambdaEnvironment()
    {
        var name = LambdaKit.UniqueName("introspect");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", Introspect)),
            "--timeout", "7", "--memory-size", "256", "--environment", "Variables={GREETING=hi}");

        var (meta, payload) = await Cli.InvokeAsync(name, """{"a":[1,2]}""");

        Assert.Equal(200, meta.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", meta.GetProperty("ExecutedVersion").GetString());
        Assert.False(meta.TryGetProperty("FunctionError", out _));
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("event").GetProperty("a")[1].GetInt32());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", root.GetProperty("requestId").GetString()!);
        Assert.Equal(name, root.GetProperty("functionName").GetString());
        Assert.Equal("$LATEST", root.GetProperty("functionVersion").GetString());
        Assert.Equal(LambdaKit.Arn(name), root.GetProperty("invokedFunctionArn").GetString());
        Assert.Equal("256", root.GetProperty("memoryLimitInMB").GetString());
        Assert.Equal($"/aws/lambda/{name}", root.GetProperty("logGroupName").GetString());
        Assert.InRange(root.GetProperty("remaining").GetInt32(), 5000, 7000);
        var env = root.GetProperty("env");
        Assert.Equal(name, env.GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
        Assert.Equal("$LATEST", env.GetProperty("AWS_LAMBDA_FUNCTION_VERSION").GetString());
        Assert.Equal("256", env.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
        Assert.Equal("us-east-1", env.GetProperty("AWS_REGION").GetString());
        Assert.Equal("index.handler", env.GetProperty("_HANDLER").GetString());
        Assert.Equal("AWS_Lambda_nodejs20.x", env.GetProperty("AWS_EXECUTION_ENV").GetString());
        Assert.Equal("hi", env.GetProperty("GREETING").GetString());
        Assert.Matches(@"^127\.0\.0\.1:\d+$", env.GetProperty("AWS_LAMBDA_RUNTIME_API").GetString()!);
        Assert.True(Directory.Exists(env.GetProperty("LAMBDA_TASK_ROOT").GetString()));
    }

    [Fact]
    public async Task Invoke_Twice_ReusesTheWarmWorker()
    {
        var name = LambdaKit.UniqueName("warm");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", Introspect)));

        var first = JsonDocument.Parse((await Cli.InvokeAsync(name)).Payload).RootElement;
        var second = JsonDocument.Parse((await Cli.InvokeAsync(name)).Payload).RootElement;

        Assert.Equal(first.GetProperty("pid").GetInt32(), second.GetProperty("pid").GetInt32());
        Assert.NotEqual(first.GetProperty("requestId").GetString(), second.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Invoke_EsModuleAndCallbackHandlers_BothAnswer()
    {
        var esm = LambdaKit.UniqueName("esm");
        var callback = LambdaKit.UniqueName("callback");
        await Cli.CreateFunctionAsync(esm, LambdaInvoker.Package(("app.mjs", "export const handler = async (event) => ({ style: 'esm', got: event.x });")),
            "--handler", "app.handler");
        await Cli.CreateFunctionAsync(callback, LambdaInvoker.Package(("index.js", "exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { style: 'callback', id: context.awsRequestId.length }), 5); };")));

        Assert.Equal("""{"style":"esm","got":3}""", (await Cli.InvokeAsync(esm, """{"x":3}""")).Payload);
        Assert.Equal("""{"style":"callback","id":36}""", (await Cli.InvokeAsync(callback)).Payload);
    }

    [Fact]
    public async Task Invoke_PythonFunction_GetsEventAndContext()
    {
        var name = LambdaKit.UniqueName("python");
        const string Code = """
            import os

            def handler(event, context):
                return {
                    "doubled": event["n"] * 2,
                    "requestId": context.aws_request_id,
                    "name": context.function_name,
                    "remaining": context.get_remaining_time_in_millis(),
                    "handler": os.environ["_HANDLER"],
                }
            """;
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("app.py", Code)), "--runtime", "python3.11", "--handler", "app.handler");

        var (meta, payload) = await Cli.InvokeAsync(name, """{"n":21}""");

        Assert.Equal(200, meta.GetProperty("StatusCode").GetInt32());
        var root = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(42, root.GetProperty("doubled").GetInt32());
        Assert.Equal(36, root.GetProperty("requestId").GetString()!.Length);
        Assert.Equal(name, root.GetProperty("name").GetString());
        Assert.InRange(root.GetProperty("remaining").GetInt32(), 1000, 3000);
        Assert.Equal("app.handler", root.GetProperty("handler").GetString());
    }

    [Fact]
    public async Task Invoke_ProvidedRuntime_RunsTheFunctionsOwnBootstrap()
    {
        var name = LambdaKit.UniqueName("provided");
        const string Bootstrap = """
            #!/bin/sh
            set -eu
            api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
            while true; do
              headers="$(mktemp)"
              event="$(curl -sS -D "$headers" "$api/invocation/next")"
              id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d '[:space:]')"
              rm -f "$headers"
              curl -sS -X POST "$api/invocation/$id/response" -d "{\"shell\":$event}" >/dev/null
            done
            """;
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("bootstrap", Bootstrap.Replace("\r", "", StringComparison.Ordinal))),
            "--runtime", "provided.al2023", "--handler", "unused");

        Assert.Equal("""{"shell":{"k":"v"}}""", (await Cli.InvokeAsync(name, """{"k":"v"}""")).Payload);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_ReturnsUnhandledWithTheErrorDocument()
    {
        var name = LambdaKit.UniqueName("throws");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "exports.handler = async () => { throw new TypeError('bad input'); };")));

        var (meta, payload) = await Cli.InvokeAsync(name);

        Assert.Equal(200, meta.GetProperty("StatusCode").GetInt32());
        Assert.Equal("Unhandled", meta.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("TypeError", error.GetProperty("errorType").GetString());
        Assert.Equal("bad input", error.GetProperty("errorMessage").GetString());
        Assert.Contains(error.GetProperty("trace").EnumerateArray(), line => line.GetString()!.StartsWith("TypeError: bad input", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_MissingHandler_ReportsTheInitError()
    {
        var name = LambdaKit.UniqueName("nohandler");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "exports.other = async () => 1;")));

        var (meta, payload) = await Cli.InvokeAsync(name);

        Assert.Equal("Unhandled", meta.GetProperty("FunctionError").GetString());
        Assert.Equal("Runtime.HandlerNotFound", JsonDocument.Parse(payload).RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task Invoke_ProcessExits_ReportsRuntimeExitError()
    {
        var name = LambdaKit.UniqueName("exits");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "exports.handler = async (event) => { if (event.exit) process.exit(3); return 'alive'; };")));

        var (meta, payload) = await Cli.InvokeAsync(name, """{"exit":true}""");
        var after = await Cli.InvokeAsync(name);

        Assert.Equal("Unhandled", meta.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("Runtime.ExitError", error.GetProperty("errorType").GetString());
        Assert.Matches("^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 3$", error.GetProperty("errorMessage").GetString()!);
        Assert.Equal("\"alive\"", after.Payload);
    }

    [Fact]
    public async Task Invoke_PastTheTimeout_KillsTheWorkerAndSaysTaskTimedOut()
    {
        var name = LambdaKit.UniqueName("hangs");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", Introspect.Replace("async (event, context) => ({", "async (event, context) => event.hang ? new Promise(r => setTimeout(r, 60000)) : ({", StringComparison.Ordinal))),
            "--timeout", "1");
        var before = JsonDocument.Parse((await Cli.InvokeAsync(name)).Payload).RootElement.GetProperty("pid").GetInt32();

        var watch = Stopwatch.StartNew();
        var (meta, payload) = await Cli.InvokeAsync(name, """{"hang":true}""");
        watch.Stop();
        var after = JsonDocument.Parse((await Cli.InvokeAsync(name)).Payload).RootElement.GetProperty("pid").GetInt32();

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.Equal("Unhandled", meta.GetProperty("FunctionError").GetString());
        var error = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("Sandbox.Timedout", error.GetProperty("errorType").GetString());
        Assert.EndsWith("Error: Task timed out after 1.00 seconds", error.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(before, after);
        Assert.False(ProcessAlive(before), $"the timed-out worker {before} is still running");
    }

    [Fact]
    public async Task Invoke_WithLogTypeTail_ReturnsTheInvocationsLog()
    {
        var name = LambdaKit.UniqueName("logs");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "exports.handler = async (event, context) => { console.log('hello from', context.functionName); return 1; };")));

        var (meta, _) = await Cli.InvokeAsync(name, "{}", "--log-type", "Tail");

        var log = Encoding.UTF8.GetString(Convert.FromBase64String(meta.GetProperty("LogResult").GetString()!));
        var lines = log.Split('\n');
        Assert.Matches(@"^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$", lines[0]);
        var requestId = lines[0].Split(' ')[2];
        Assert.Contains(lines, l => l.Contains($"\t{requestId}\tINFO\thello from {name}", StringComparison.Ordinal));
        Assert.Contains($"END RequestId: {requestId}", lines);
        Assert.Contains(lines, l => l.StartsWith($"REPORT RequestId: {requestId}\tDuration: ", StringComparison.Ordinal) && l.Contains("\tMemory Size: 128 MB\t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_ReservedConcurrencyReached_IsThrottledWithTooManyRequests()
    {
        var name = LambdaKit.UniqueName("limited");
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "exports.handler = (event) => new Promise(r => setTimeout(() => r('done'), event.wait || 0));")),
            "--timeout", "15");
        (await Cli.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "1")).ShouldSucceed();
        await Cli.InvokeAsync(name); // warm, so the slow call below is running when the second arrives

        // The CLI takes up to seconds to start on a busy machine: the slow call runs long enough to be overlapped.
        var slow = Cli.InvokeAsync(name, """{"wait":8000}""");
        await Task.Delay(3500);
        var throttled = await Cli.LambdaAsync("invoke", "--function-name", name, Path.Combine(Path.GetTempPath(), "gatehouse-it-throttled.json"));

        // The CLI retries a throttled call (twice) before it gives up, as it does against Lambda.
        Assert.Equal(254, throttled.ExitCode);
        Assert.Contains("An error occurred (TooManyRequestsException) when calling the Invoke operation (reached max retries: 2): Rate Exceeded.", throttled.Stderr, StringComparison.Ordinal);
        Assert.Equal("\"done\"", (await slow).Payload);
    }

    [Fact]
    public async Task Invoke_VersionsAndAliases_RunTheCodeTheyPointAt()
    {
        var name = LambdaKit.UniqueName("versions");
        await Cli.CreateFunctionAsync(name, LambdaKit.NodeZip("one"));
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();
        (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip("two")))).ShouldSucceed();
        (await Cli.LambdaAsync("wait", "function-updated-v2", "--function-name", name)).ShouldSucceed();
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")).ShouldSucceed();

        static string Marker(string payload) => JsonDocument.Parse(payload).RootElement.GetProperty("marker").GetString()!;
        var latest = await Cli.InvokeAsync(name);
        var one = await Cli.InvokeAsync(name, "{}", "--qualifier", "1");
        var live = await Cli.InvokeAsync(name + ":live");

        Assert.Equal("two", Marker(latest.Payload));
        Assert.Equal("one", Marker(one.Payload));
        Assert.Equal("1", one.Meta.GetProperty("ExecutedVersion").GetString());
        Assert.Equal("one", Marker(live.Payload));
        Assert.Equal("1", live.Meta.GetProperty("ExecutedVersion").GetString());

        (await Cli.LambdaAsync("update-alias", "--function-name", name, "--name", "live", "--routing-config", "AdditionalVersionWeights={2=0.5}")).ShouldSucceed();
        var seen = new HashSet<string>();
        for (var i = 0; i < 40 && seen.Count < 2; i++)
        {
            seen.Add(Marker((await Cli.InvokeAsync(name, "{}", "--qualifier", "live")).Payload));
        }

        Assert.Equal(["one", "two"], seen.Order());
    }

    [Fact]
    public async Task Invoke_EventType_IsAcceptedAndRunsInTheBackground()
    {
        var name = LambdaKit.UniqueName("event");
        var marker = Path.Combine(Path.GetTempPath(), "gatehouse-it-event-" + Guid.NewGuid().ToString("N"));
        await Cli.CreateFunctionAsync(name, LambdaInvoker.Package(("index.js", "const fs = require('fs'); exports.handler = async (event) => { fs.writeFileSync(event.path, 'ran'); };")));

        var (meta, payload) = await Cli.InvokeAsync(name, JsonSerializer.Serialize(new { path = marker }), "--invocation-type", "Event");

        Assert.Equal(202, meta.GetProperty("StatusCode").GetInt32());
        Assert.Equal("", payload);
        for (var i = 0; i < 100 && !File.Exists(marker); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("ran", await File.ReadAllTextAsync(marker));
        File.Delete(marker);
    }

    private static bool ProcessAlive(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z")
                {
                    return false;
                }
            }
            catch (IOException)
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }
}
