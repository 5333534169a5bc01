using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>A REST API built with the CLI survives a restart whole: tree, methods, integration, stage and deployment.</summary>
public sealed class RestApiRestartTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;

    public async Task InitializeAsync() => _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GivenARestApiBuiltWithTheCli_WhenTheServerRestarts_ThenEverythingIsKept()
    {
        var cli = new AwsCli(_server.BaseAddress);
        Task<CliResult> Run(params string[] arguments) => new AwsCli(_server.BaseAddress).RunAsync(["apigateway", .. arguments]);
        var apiId = (await cli.RunAsync("apigateway", "create-rest-api", "--name", "kept")).ShouldSucceed().Json.GetProperty("id").GetString()!;
        var rootId = (await Run("get-resources", "--rest-api-id", apiId)).ShouldSucceed().Json.GetProperty("items")[0].GetProperty("id").GetString()!;
        var petsId = (await Run("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "pets")).ShouldSucceed().Json.GetProperty("id").GetString()!;
        (await Run("put-method", "--rest-api-id", apiId, "--resource-id", petsId, "--http-method", "GET", "--authorization-type", "NONE")).ShouldSucceed();
        (await Run("put-integration", "--rest-api-id", apiId, "--resource-id", petsId, "--http-method", "GET", "--type", "MOCK",
            "--request-templates", """{"application/json":"{\"statusCode\": 200}"}""")).ShouldSucceed();
        var deploymentId = (await Run("create-deployment", "--rest-api-id", apiId, "--stage-name", "dev", "--variables", "a=b")).ShouldSucceed()
            .Json.GetProperty("id").GetString()!;
        var before = (await Run("get-resources", "--rest-api-id", apiId, "--embed", "methods")).ShouldSucceed().Stdout;

        await _server.RestartAsync();

        Assert.Equal(before, (await Run("get-resources", "--rest-api-id", apiId, "--embed", "methods")).ShouldSucceed().Stdout);
        var stage = (await Run("get-stage", "--rest-api-id", apiId, "--stage-name", "dev")).ShouldSucceed().Json;
        Assert.Equal(deploymentId, stage.GetProperty("deploymentId").GetString());
        Assert.Equal("b", stage.GetProperty("variables").GetProperty("a").GetString());
        Assert.Equal("kept", (await Run("get-rest-api", "--rest-api-id", apiId)).ShouldSucceed().Json.GetProperty("name").GetString());
    }
}
