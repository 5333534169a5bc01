using System.Text;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.Sqlite;
using Microsoft.AspNetCore.Http;
using static Gatehouse.UnitTests.ControlPlane.ApiGatewayV2.AuthorizerValidationTests;

namespace Gatehouse.UnitTests.ControlPlane.ApiGatewayV2;

/// <summary>
/// Authorizers are frozen with the routes: a stage deployed by hand keeps the authorizers of its deployment, a stage with
/// autoDeploy gets a new deployment on every authorizer change. Runs the operations on a real SQLite store.
/// </summary>
public sealed class AuthorizerDeploymentTests : IAsyncLifetime
{
    private const string ApiId = "abcdefghij";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-authorizers-" + Guid.NewGuid().ToString("N"));
    private SqliteConfigStore _store = null!;
    private HttpApiService _service = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);
        _service = new HttpApiService(_store, new ControlPlaneOptions());

        // Given an API whose route uses a JWT authorizer, deployed to a manual stage and an automatic one.
        await _service.CreateAsync(new ApiEdit(new ApiDocument
        {
            Api = new Api { ApiId = ApiId, Name = "n", ProtocolType = "HTTP", RouteSelectionExpression = "$request.method $request.path" },
            Routes = [new Route { RouteId = "r1", RouteKey = "GET /pets", AuthorizationType = AuthorizationTypes.Jwt, AuthorizerId = JwtAuthorizer.AuthorizerId }],
            Authorizers = [JwtAuthorizer],
            Stages = [new Stage { StageName = "manual" }, new Stage { StageName = "auto", AutoDeploy = true }],
        }), CancellationToken.None);
        await _service.EditAsync(ApiId, edit =>
        {
            edit.Deploy("manual", "by hand", autoDeployed: false);
            edit.Deploy("auto", null, autoDeployed: true);
            return 0;
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task UpdateAuthorizer_NewIssuer_RedeploysTheAutoStageOnly()
    {
        var manualBefore = await SnapshotOfAsync("manual");
        var autoBefore = await SnapshotOfAsync("auto");

        var status = await CallAsync(c => AuthorizerOperations.UpdateAuthorizer(c, _service, ApiId, JwtAuthorizer.AuthorizerId),
            """{"jwtConfiguration":{"issuer":"https://new-issuer.example.com"}}""");

        Assert.Equal(200, status);
        var manualAfter = await SnapshotOfAsync("manual");
        var autoAfter = await SnapshotOfAsync("auto");
        Assert.Equal(manualBefore.DeploymentId, manualAfter.DeploymentId);
        Assert.Equal(JwtAuthorizer.JwtConfiguration!.Issuer, Assert.Single(manualAfter.Authorizers).JwtConfiguration!.Issuer);
        Assert.NotEqual(autoBefore.DeploymentId, autoAfter.DeploymentId);
        Assert.Equal("https://new-issuer.example.com", Assert.Single(autoAfter.Authorizers).JwtConfiguration!.Issuer);
    }

    [Fact]
    public async Task CreateAndDeleteAuthorizer_ReachTheAutoStageAndLeaveTheManualOne()
    {
        var body = $$"""
            {"name":"lambda","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0",
             "identitySource":["$request.header.x-token"]}
            """;

        Assert.Equal(201, await CallAsync(c => AuthorizerOperations.CreateAuthorizer(c, _service, ApiId), body));
        var created = Assert.Single((await _store.GetApiAsync(ApiId, CancellationToken.None))!.Authorizers, a => a.Name == "lambda");
        Assert.Contains((await SnapshotOfAsync("auto")).Authorizers, a => a.AuthorizerId == created.AuthorizerId);
        Assert.Single((await SnapshotOfAsync("manual")).Authorizers);

        Assert.Equal(204, await CallAsync(c => AuthorizerOperations.DeleteAuthorizer(c, _service, ApiId, created.AuthorizerId), null));
        Assert.DoesNotContain((await SnapshotOfAsync("auto")).Authorizers, a => a.AuthorizerId == created.AuthorizerId);
    }

    [Fact]
    public async Task DeleteAuthorizer_UsedByARoute_Returns409AndKeepsIt()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() =>
            CallAsync(c => AuthorizerOperations.DeleteAuthorizer(c, _service, ApiId, JwtAuthorizer.AuthorizerId), null));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("ConflictException", error.ErrorType);
        Assert.Equal("Cannot delete authorizer 'jwt', is referenced in route: GET /pets", error.Message);
        Assert.NotNull((await _store.GetApiAsync(ApiId, CancellationToken.None))!.FindAuthorizer(JwtAuthorizer.AuthorizerId));
    }

    private async Task<DeploymentSnapshot> SnapshotOfAsync(string stageName)
    {
        var document = (await _store.GetApiAsync(ApiId, CancellationToken.None))!;
        var deploymentId = document.FindStage(stageName)!.DeploymentId!;
        return (await _store.GetSnapshotAsync(ApiId, deploymentId, CancellationToken.None))!;
    }

    private static async Task<int> CallAsync(Func<HttpContext, Task> operation, string? body)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        context.Response.Body = new MemoryStream();
        await operation(context);
        return context.Response.StatusCode;
    }
}
