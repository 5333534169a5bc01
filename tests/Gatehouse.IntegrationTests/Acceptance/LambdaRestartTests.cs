using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Restarting Gatehouse keeps every function as it was: configuration, code, versions, aliases, policies, tags and
/// reserved concurrency; and the code of deleted functions is cleaned up. Uses its own server, since it stops it.
/// </summary>
public sealed class LambdaRestartTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;
    private HttpClient _http = null!;

    private AwsCli Cli => new(_server.BaseAddress);

    public async Task InitializeAsync()
    {
        _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        _http = ControlPlaneSigning.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GivenFunctionsBuiltWithTheCli_WhenTheServerRestarts_ThenEverythingIsKept()
    {
        // Given a function with a published version, an alias, a permission, tags and reserved concurrency.
        var name = "durable-function";
        var zip = LambdaKit.NodeZip("durable");
        await Cli.CreateFunctionAsync(name, zip, "--publish", "--tags", "team=pets", "--environment", "Variables={GREETING=hello}");
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")).ShouldSucceed();
        (await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "apigw", "--action", "lambda:InvokeFunction",
            "--principal", "apigateway.amazonaws.com", "--source-arn", "arn:aws:execute-api:us-east-1:000000000000:abcdef0123/*/*/*")).ShouldSucceed();
        (await Cli.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "5")).ShouldSucceed();
        await Cli.CreateFunctionAsync("provided-function", LambdaKit.BootstrapZip(), "--runtime", "provided.al2023");
        var before = await SnapshotAsync(name, "provided-function");

        // When the server is stopped with SIGTERM and started again on the same data directory.
        await _server.RestartAsync();

        // Then it shut down cleanly and answers exactly as before (apart from the port in the code's address).
        Assert.True(_server.ExitCode == 0, $"gatehouse should exit 0 on SIGTERM, exited {_server.ExitCode}. Output:\n{_server.Output}");
        Assert.Equal(before, await SnapshotAsync(name, "provided-function"));

        // And the code is still served, and the function still takes changes.
        var location = (await Cli.LambdaAsync("get-function", "--function-name", name)).ShouldSucceed().Json.GetProperty("Code").GetProperty("Location").GetString()!;
        Assert.Equal(zip, await _http.GetByteArrayAsync(new Uri(location)));
        var newZip = LambdaKit.NodeZip("after restart");
        (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(newZip))).ShouldSucceed();
        (await Cli.LambdaAsync("wait", "function-updated-v2", "--function-name", name)).ShouldSucceed();
        Assert.Equal(LambdaKit.Sha256(newZip), (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task GivenAFunction_WhenTheServerIsKilledWithoutWarning_ThenTheRestartedServerHasItActive()
    {
        var name = "survivor";
        await Cli.CreateFunctionAsync(name);
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();
        var before = await SnapshotAsync(name);

        await _server.CrashAndRestartAsync();

        Assert.Equal(before, await SnapshotAsync(name));
    }

    [Fact]
    public async Task GivenADeletedFunction_WhenTheServerRestarts_ThenItsCodeIsRemoved()
    {
        var kept = LambdaKit.NodeZip("kept");
        var dropped = LambdaKit.NodeZip("dropped");
        await Cli.CreateFunctionAsync("kept-function", kept);
        await Cli.CreateFunctionAsync("dropped-function", dropped);
        (await Cli.LambdaAsync("delete-function", "--function-name", "dropped-function")).ShouldSucceed();
        var code = Path.Combine(_server.DataDirectory, "functions", "code");
        var keptId = Convert.ToHexStringLower(Convert.FromBase64String(LambdaKit.Sha256(kept)));
        var droppedId = Convert.ToHexStringLower(Convert.FromBase64String(LambdaKit.Sha256(dropped)));
        Assert.True(File.Exists(Path.Combine(code, droppedId + ".zip")));

        await _server.RestartAsync();

        Assert.True(File.Exists(Path.Combine(code, keptId + ".zip")));
        Assert.True(Directory.Exists(Path.Combine(code, keptId)));
        Assert.False(File.Exists(Path.Combine(code, droppedId + ".zip")));
        Assert.False(Directory.Exists(Path.Combine(code, droppedId)));
    }

    /// <summary>Everything the control plane says about some functions, with the port-bearing code address left out.</summary>
    private async Task<string> SnapshotAsync(params string[] names)
    {
        var control = new ControlPlaneClient(_http, () => _server.BaseAddress);
        var snapshot = new JsonObject();
        foreach (var name in names)
        {
            var function = JsonNode.Parse((await control.GetAsync($"/2015-03-31/functions/{name}")).ShouldBe(HttpStatusCode.OK).Text)!.AsObject();
            function["Code"]!.AsObject().Remove("Location");
            var policy = await control.GetAsync($"/2015-03-31/functions/{name}/policy");
            snapshot[name] = new JsonObject
            {
                ["function"] = function,
                ["versions"] = JsonNode.Parse((await control.GetAsync($"/2015-03-31/functions/{name}/versions")).ShouldBe(HttpStatusCode.OK).Text),
                ["aliases"] = JsonNode.Parse((await control.GetAsync($"/2015-03-31/functions/{name}/aliases")).ShouldBe(HttpStatusCode.OK).Text),
                ["policy"] = policy.Status == HttpStatusCode.OK ? JsonNode.Parse(policy.Text) : null,
                ["concurrency"] = JsonNode.Parse((await control.GetAsync($"/2019-09-30/functions/{name}/concurrency")).ShouldBe(HttpStatusCode.OK).Text),
                ["tags"] = JsonNode.Parse((await control.GetAsync($"/2017-03-31/tags/{Uri.EscapeDataString(LambdaKit.Arn(name))}")).ShouldBe(HttpStatusCode.OK).Text),
            };
        }

        return snapshot.ToJsonString();
    }
}
