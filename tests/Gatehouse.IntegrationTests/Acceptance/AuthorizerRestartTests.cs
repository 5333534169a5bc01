using Gatehouse.IntegrationTests.ControlPlane;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>Authorizers and the routes that use them survive a restart. Uses its own server, since it restarts it.</summary>
public sealed class AuthorizerRestartTests : IAsyncLifetime
{
    private GatehouseProcess _server = null!;

    public async Task InitializeAsync() => _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GivenAuthorizersBuiltWithTheCli_WhenTheServerRestarts_ThenTheyAndTheirRoutesAreUnchanged()
    {
        var cli = new AwsCli(_server.BaseAddress);
        var apiId = (await cli.ApiGatewayV2Async("create-api", "--name", "durable-auth", "--protocol-type", "HTTP")).ShouldSucceed().Json.GetProperty("ApiId").GetString()!;
        var jwtId = (await cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--authorizer-type", "JWT", "--name", "jwt",
            "--identity-source", "$request.querystring.token", "--jwt-configuration", "Audience=a,Issuer=http://127.0.0.1:9999/issuer"))
            .ShouldSucceed().Json.GetProperty("AuthorizerId").GetString()!;
        (await cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--authorizer-type", "REQUEST", "--name", "lambda",
            "--authorizer-uri", AuthorizerOperationsTests.FunctionUri, "--authorizer-payload-format-version", "1.0",
            "--identity-source", "$request.header.x-token", "--authorizer-result-ttl-in-seconds", "60",
            "--authorizer-credentials-arn", "arn:aws:iam::000000000000:role/invoker")).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets", "--authorization-type", "JWT",
            "--authorizer-id", jwtId, "--authorization-scopes", "read")).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "prod")).ShouldSucceed();
        (await cli.ApiGatewayV2Async("create-deployment", "--api-id", apiId, "--stage-name", "prod")).ShouldSucceed();
        var before = await DescribeAsync(cli, apiId);

        await _server.RestartAsync();

        Assert.True(_server.ExitCode == 0, $"gatehouse should exit 0 on SIGTERM, exited {_server.ExitCode}. Output:\n{_server.Output}");
        Assert.Equal(before, await DescribeAsync(new AwsCli(_server.BaseAddress), apiId));
    }

    private static async Task<string> DescribeAsync(AwsCli cli, string apiId)
    {
        var authorizers = (await cli.ApiGatewayV2Async("get-authorizers", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        var routes = (await cli.ApiGatewayV2Async("get-routes", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        var stage = (await cli.ApiGatewayV2Async("get-stage", "--api-id", apiId, "--stage-name", "prod")).ShouldSucceed().Json;
        Assert.Equal(2, authorizers.GetArrayLength());
        return $"{authorizers}\n{routes}\n{stage.GetProperty("DeploymentId")}";
    }
}
