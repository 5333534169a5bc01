using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Functions;

/// <summary>
/// Functions across the server's own life: kept over restarts, workers that never outlive the server (even when it is
/// killed), and asynchronous invocations retried as Lambda retries them. Each test runs its own server.
/// </summary>
public sealed class FunctionLifecycleTests
{
    private const string PidAndAttempts = """
        const fs = require('fs');
        exports.handler = async (event) => {
          if (event.log) fs.appendFileSync(event.log, 'attempt\n');
          if (event.fail) throw new Error('always fails');
          return { pid: process.pid };
        };
        """;

    [Fact]
    public async Task Restart_KeepsFunctionsAndTheirCode()
    {
        await using var server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        var cli = new AwsCli(server.BaseAddress);
        await cli.CreateFunctionAsync("kept", LambdaKit.NodeZip("survives"));
        (await cli.LambdaAsync("publish-version", "--function-name", "kept")).ShouldSucceed();

        await server.CrashAndRestartAsync();
        cli = new AwsCli(server.BaseAddress);

        var (meta, payload) = await cli.InvokeAsync("kept", "{}", "--qualifier", "1");
        Assert.Equal("1", meta.GetProperty("ExecutedVersion").GetString());
        Assert.Equal("survives", JsonDocument.Parse(payload).RootElement.GetProperty("marker").GetString());
    }

    [Fact]
    public async Task ServerKilled_WorkersDieWithIt()
    {
        await using var server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        var cli = new AwsCli(server.BaseAddress);
        await cli.CreateFunctionAsync("orphan", LambdaInvoker.Package(("index.js", PidAndAttempts)));
        var worker = JsonDocument.Parse((await cli.InvokeAsync("orphan")).Payload).RootElement.GetProperty("pid").GetInt32();
        Assert.True(Directory.Exists($"/proc/{worker}"));

        await server.KillAloneAndRestartAsync();

        Assert.True(await GoneAsync(worker), $"worker {worker} outlived the server that was SIGKILLed");
    }

    [Fact]
    public async Task ServerStopped_StopsItsWorkers()
    {
        var server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        var cli = new AwsCli(server.BaseAddress);
        await cli.CreateFunctionAsync("stopped", LambdaInvoker.Package(("index.js", PidAndAttempts)));
        var worker = JsonDocument.Parse((await cli.InvokeAsync("stopped")).Payload).RootElement.GetProperty("pid").GetInt32();

        await server.DisposeAsync();

        Assert.True(await GoneAsync(worker), $"worker {worker} outlived the server's shutdown");
    }

    [Fact]
    public async Task IdleWorker_PastTheIdleTimeout_IsStopped()
    {
        await using var server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--lambda-idle-seconds", "1"]);
        var cli = new AwsCli(server.BaseAddress);
        await cli.CreateFunctionAsync("idle", LambdaInvoker.Package(("index.js", PidAndAttempts)));

        var worker = JsonDocument.Parse((await cli.InvokeAsync("idle")).Payload).RootElement.GetProperty("pid").GetInt32();
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.True(await GoneAsync(worker), $"idle worker {worker} was not stopped");
        var next = JsonDocument.Parse((await cli.InvokeAsync("idle")).Payload).RootElement.GetProperty("pid").GetInt32();
        Assert.NotEqual(worker, next);
    }

    [Fact]
    public async Task EventInvocation_FunctionFails_IsRetriedTwice()
    {
        await using var server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--lambda-event-retry-delay-seconds", "0.2"]);
        var cli = new AwsCli(server.BaseAddress);
        await cli.CreateFunctionAsync("retried", LambdaInvoker.Package(("index.js", PidAndAttempts)));
        var log = Path.Combine(server.DataDirectory, "attempts.txt");

        var (meta, _) = await cli.InvokeAsync("retried", JsonSerializer.Serialize(new { log, fail = true }), "--invocation-type", "Event");

        Assert.Equal(202, meta.GetProperty("StatusCode").GetInt32());
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(3, (await File.ReadAllLinesAsync(log)).Length);
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            try
            {
                if ((await File.ReadAllTextAsync($"/proc/{pid}/stat")).Split(' ')[2] == "Z")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
