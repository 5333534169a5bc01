using System.Diagnostics;
using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// HTTP APIs' throttling end to end (http-api-throttling; facts §8): limits set with the real AWS CLI
/// (<c>update-stage --default-route-settings</c> / <c>--route-settings</c>), load from wrk, every answer counted. The
/// bucket promises at most <c>burst + rate × elapsed</c> admitted requests; under overload it should admit close to that.
/// A throttled request never reaches the integration.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class ThrottlingEndToEndTests(GatehouseFixture fixture)
{
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(3);

    private async Task<(string ApiId, string BackendPath)> CreateApiAsync(params string[] routeKeys)
    {
        var backendPath = "/throttled-" + Guid.NewGuid().ToString("N")[..8];
        var apiId = await fixture.Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + backendPath, "prod", routeKeys);
        return (apiId, backendPath);
    }

    private async Task UpdateStageAsync(string apiId, params string[] arguments) =>
        (await fixture.Cli.ApiGatewayV2Async(["update-stage", "--api-id", apiId, "--stage-name", "prod", .. arguments])).ShouldSucceed();

    [Fact]
    public async Task StageDefaults_SetWithTheCli_AdmitTheBurstPlusTheRateUnderOverload()
    {
        var (apiId, backendPath) = await CreateApiAsync("GET /items");
        var stage = (await fixture.Cli.ApiGatewayV2Async("update-stage", "--api-id", apiId, "--stage-name", "prod",
            "--default-route-settings", "ThrottlingBurstLimit=20,ThrottlingRateLimit=50")).ShouldSucceed().Json;
        Assert.Equal(20, stage.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingBurstLimit").GetInt32());
        Assert.Equal(50, stage.GetProperty("DefaultRouteSettings").GetProperty("ThrottlingRateLimit").GetDouble());

        // 1000 requests/s, twenty times the rate: overload, without taking the cores from the tests running beside it.
        var run = await Wrk.RunAsync(fixture.DataPlane.PathStyle(apiId, "/prod/items"), LoadDuration, rate: 1000);

        var admitted = run.Status(200);
        var promise = 20 + (50 * run.Elapsed.TotalSeconds);
        Assert.True(run.Status(429) > admitted, $"wrk offered far more than the limit: {run.Output}");
        Assert.True(admitted <= promise + 1, $"admitted {admitted} > burst + rate × {run.Elapsed.TotalSeconds:F2} s = {promise:F0}\n{run.Output}");
        var floor = 0.6 * (20 + (50 * (LoadDuration.TotalSeconds - 1))); // a sanity floor: a loaded machine stalls now and then
        Assert.True(admitted >= floor, $"admitted {admitted} < {floor:F0}: the bucket refilled too slowly\n{run.Output}");
        Assert.Equal(0, run.Others);
        Assert.Null(run.SocketErrors);
        // 429s never reached the integration; wrk does not count the answers still in flight when it stops.
        Assert.InRange(fixture.Backend.RequestsTo(backendPath), admitted, Math.Min(admitted + 4, promise + 1));
    }

    [Fact]
    public async Task RouteSettings_OverrideTheStageDefaultForThatRouteOnly_And429IsAwsShaped()
    {
        var (apiId, _) = await CreateApiAsync("GET /few", "GET /many");
        await UpdateStageAsync(apiId,
            "--default-route-settings", "ThrottlingBurstLimit=1000,ThrottlingRateLimit=1000",
            "--route-settings", """{"GET /few":{"ThrottlingBurstLimit":3,"ThrottlingRateLimit":0}}""");
        var few = fixture.DataPlane.PathStyle(apiId, "/prod/few");

        var run = await Wrk.RunAsync(few, TimeSpan.FromSeconds(1), rate: 500);
        using var throttled = await fixture.DataPlane.GetAsync(few);
        using var other = await fixture.DataPlane.GetAsync(fixture.DataPlane.PathStyle(apiId, "/prod/many"));

        Assert.Equal(3, run.Status(200)); // a burst of 3 that never refills
        Assert.Equal(0, run.Others);
        await throttled.ShouldBeGatewayErrorAsync(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""");
        Assert.True(throttled.Headers.Contains("apigw-requestid"));
        await other.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpdateStage_DuringLoad_TakesEffectWithoutARestartAndWithoutDroppingRequests()
    {
        var (apiId, _) = await CreateApiAsync("GET /items");
        await UpdateStageAsync(apiId, "--default-route-settings", "ThrottlingBurstLimit=5,ThrottlingRateLimit=20");

        var clock = Stopwatch.StartNew();
        var load = Wrk.RunAsync(fixture.DataPlane.PathStyle(apiId, "/prod/items"), TimeSpan.FromSeconds(6), rate: 2000);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var changeStarted = clock.Elapsed.TotalSeconds;
        await UpdateStageAsync(apiId, "--default-route-settings", "ThrottlingRateLimit=400");
        var changed = clock.Elapsed.TotalSeconds;
        var run = await load;
        var end = clock.Elapsed.TotalSeconds;

        var admitted = run.Status(200);
        var unchanged = 5 + (20 * end);
        Assert.True(admitted > unchanged + 100, $"admitted {admitted}: the new rate did not take effect (at 20/s at most {unchanged:F0})\n{run.Output}");
        var promise = 5 + (20 * changeStarted) + (400 * (end - changeStarted));
        Assert.True(admitted <= promise + 1, $"admitted {admitted} > {promise:F0} (change between {changeStarted:F2} s and {changed:F2} s)\n{run.Output}");
        Assert.Equal(0, run.Others);
        Assert.Null(run.SocketErrors);
        Assert.True(fixture.Server.IsRunning);
    }

    [Fact]
    public async Task Throttle_ComesBeforeTheAuthorizer()
    {
        var apiId = await fixture.Control.CreateApiAsync();
        var integration = await fixture.Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        await fixture.Control.CreateRouteAsync(apiId, "GET /private", integration, new { authorizationType = "AWS_IAM" });
        await fixture.Control.CreateStageAsync(apiId, "prod");
        await fixture.Control.DeployAsync(apiId, "prod");
        await UpdateStageAsync(apiId, "--route-settings", """{"GET /private":{"ThrottlingBurstLimit":0,"ThrottlingRateLimit":0}}""");

        using var response = await fixture.DataPlane.GetAsync(fixture.DataPlane.PathStyle(apiId, "/prod/private")); // unsigned

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""");
    }

    [Fact]
    public async Task AccountLimit_IsSharedByEveryApi()
    {
        await using var backend = await EchoBackend.StartAsync();
        await using var server = await GatehouseProcess.StartAsync(
            [.. GatehouseFixture.Unthrottled, "--account-rate-limit", "0.01", "--account-burst-limit", "6"]);
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => server.BaseAddress);
        using var dataPlane = new DataPlaneClient(() => server.Port);
        var first = await control.CreateDeployedApiAsync(backend.BaseUrl, "prod", "GET /a");
        var second = await control.CreateDeployedApiAsync(backend.BaseUrl, "prod", "GET /b");

        var statuses = new List<HttpStatusCode>();
        foreach (var uri in Enumerable.Repeat(dataPlane.PathStyle(first, "/prod/a"), 4).Concat(Enumerable.Repeat(dataPlane.PathStyle(second, "/prod/b"), 4)))
        {
            using var response = await dataPlane.GetAsync(uri);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 6), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
