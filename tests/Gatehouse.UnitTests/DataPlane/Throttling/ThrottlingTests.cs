using System.Diagnostics.Metrics;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;

namespace Gatehouse.UnitTests.DataPlane.Throttling;

/// <summary>
/// HTTP APIs' route-level throttling (http-api-throttling): a bucket per route from <c>routeSettings</c>, else the
/// stage's <c>defaultRouteSettings</c>, under the account's bucket.
/// </summary>
public sealed class ThrottlingTests
{
    private static readonly TokenBucketLimits Account = new(10_000, 5_000);
    private readonly ManualTimeProvider _time = new();

    private static CompiledDeployment Deployment(params string[] routeKeys) => ApiCompiler.Compile(new DeploymentSnapshot
    {
        DeploymentId = "d1",
        Integrations = [new Integration { IntegrationId = "i1", IntegrationType = "HTTP_PROXY", IntegrationMethod = "ANY", IntegrationUri = "http://backend", PayloadFormatVersion = "1.0" }],
        Routes = [.. routeKeys.Select((key, i) => new Route { RouteId = $"r{i}", RouteKey = key, Target = "integrations/i1" })],
    });

    private static Stage StageWith(RouteSettings? defaults, Dictionary<string, RouteSettings>? routes = null) =>
        new() { StageName = "prod", DefaultRouteSettings = defaults, RouteSettings = routes };

    private static CompiledRoute Route(CompiledDeployment deployment, string key) => deployment.AllRoutes.Single(r => r.RouteKey.Text == key);

    [Fact]
    public void For_NoLimitsSet_IsNull()
    {
        var deployment = Deployment("GET /items");

        Assert.Null(StageThrottle.For("api1", StageWith(null), deployment, Account));
        Assert.Null(StageThrottle.For("api1", StageWith(new RouteSettings { DetailedMetricsEnabled = true }), deployment, Account));
    }

    [Fact]
    public void For_StageDefaults_GiveEveryRouteABucketOfItsOwn()
    {
        var deployment = Deployment("GET /items", "POST /items");

        var throttle = StageThrottle.For("api1", StageWith(new RouteSettings { ThrottlingBurstLimit = 500, ThrottlingRateLimit = 1000 }), deployment, Account)!;

        var get = throttle.ForRoute(Route(deployment, "GET /items"))!.Value;
        var post = throttle.ForRoute(Route(deployment, "POST /items"))!.Value;
        Assert.Equal(new TokenBucketLimits(1000, 500), get.Limits);
        Assert.Equal(new TokenBucketLimits(1000, 500), post.Limits);
        Assert.Equal("throttle:api1:prod:GET /items", get.Key);
        Assert.NotEqual(get.Key, post.Key);
    }

    [Fact]
    public void For_RouteSettings_OverrideTheDefaultsFieldByField()
    {
        var deployment = Deployment("GET /items", "GET /other");
        var stage = StageWith(
            new RouteSettings { ThrottlingBurstLimit = 500, ThrottlingRateLimit = 1000 },
            new Dictionary<string, RouteSettings> { ["GET /items"] = new() { ThrottlingRateLimit = 2.5 } });

        var throttle = StageThrottle.For("api1", stage, deployment, Account)!;

        Assert.Equal(new TokenBucketLimits(2.5, 500), throttle.ForRoute(Route(deployment, "GET /items"))!.Value.Limits);
        Assert.Equal(new TokenBucketLimits(1000, 500), throttle.ForRoute(Route(deployment, "GET /other"))!.Value.Limits);
    }

    [Fact]
    public void For_OnlyOneRouteSet_OtherRoutesHaveNoBucketOfTheirOwn()
    {
        var deployment = Deployment("GET /items", "GET /other");
        var stage = StageWith(null, new Dictionary<string, RouteSettings> { ["GET /items"] = new() { ThrottlingBurstLimit = 10, ThrottlingRateLimit = 5 } });

        var throttle = StageThrottle.For("api1", stage, deployment, Account)!;

        Assert.Equal(new TokenBucketLimits(5, 10), throttle.ForRoute(Route(deployment, "GET /items"))!.Value.Limits);
        Assert.Null(throttle.ForRoute(Route(deployment, "GET /other")));
    }

    [Fact]
    public void For_FieldSetNowhere_IsTheAccountsOrAwsDefaultWithoutAccountLimit()
    {
        var deployment = Deployment("GET /items");
        var stage = StageWith(new RouteSettings { ThrottlingRateLimit = 100 });

        Assert.Equal(new TokenBucketLimits(100, 7), StageThrottle.For("api1", stage, deployment, new TokenBucketLimits(50, 7))!.ForRoute(Route(deployment, "GET /items"))!.Value.Limits);
        Assert.Equal(new TokenBucketLimits(100, 5_000), StageThrottle.For("api1", stage, deployment, account: null)!.ForRoute(Route(deployment, "GET /items"))!.Value.Limits);
    }

    [Fact]
    public void For_DefaultRoute_UsesTheDollarDefaultKey()
    {
        var deployment = Deployment("$default");
        var stage = StageWith(null, new Dictionary<string, RouteSettings> { ["$default"] = new() { ThrottlingBurstLimit = 1, ThrottlingRateLimit = 1 } });

        Assert.NotNull(StageThrottle.For("api1", stage, deployment, Account)!.ForRoute(Route(deployment, "$default")));
    }

    private (Throttler Throttler, CompiledStage Stage, CompiledDeployment Deployment) Setup(
        RouteSettings? defaults, TokenBucketLimits? account, Dictionary<string, RouteSettings>? routes = null)
    {
        var deployment = Deployment("GET /a", "GET /b");
        var stage = StageWith(defaults, routes);
        var compiled = new CompiledStage("prod", deployment, new Dictionary<string, string>(), StageThrottle.For("api1", stage, deployment, account));
        var throttler = new Throttler(new InMemoryStateStore(_time), new DataPlaneOptions { AccountThrottle = account });
        return (throttler, compiled, deployment);
    }

    private static int Admitted(Throttler throttler, CompiledStage stage, CompiledRoute route, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            var result = throttler.AdmitAsync(stage, route, "api1", CancellationToken.None).AsTask();
            Assert.True(result.IsCompletedSuccessfully, "the in-memory store answers without waiting");
            admitted += result.Result ? 1 : 0;
        }

        return admitted;
    }

    [Fact]
    public void AdmitAsync_RouteBucket_AdmitsTheBurstThenTheRate()
    {
        var (throttler, stage, deployment) = Setup(new RouteSettings { ThrottlingBurstLimit = 5, ThrottlingRateLimit = 2 }, Account);
        var a = Route(deployment, "GET /a");

        Assert.Equal(5, Admitted(throttler, stage, a, 20));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Admitted(throttler, stage, a, 20));
        Assert.Equal(5, Admitted(throttler, stage, Route(deployment, "GET /b"), 20)); // a bucket of its own
    }

    [Fact]
    public void AdmitAsync_RateAndBurstZero_BlocksEverything()
    {
        var (throttler, stage, deployment) = Setup(new RouteSettings { ThrottlingBurstLimit = 0, ThrottlingRateLimit = 0 }, Account);

        Assert.Equal(0, Admitted(throttler, stage, Route(deployment, "GET /a"), 10));
    }

    [Fact]
    public void AdmitAsync_AccountBucket_IsSharedByEveryRoute()
    {
        var (throttler, stage, deployment) = Setup(null, new TokenBucketLimits(1, 6));

        Assert.Equal(4, Admitted(throttler, stage, Route(deployment, "GET /a"), 4));
        Assert.Equal(2, Admitted(throttler, stage, Route(deployment, "GET /b"), 10));
    }

    [Fact]
    public void AdmitAsync_AccountEmpty_TakesNoTokenFromTheRoute()
    {
        var (throttler, stage, deployment) = Setup(new RouteSettings { ThrottlingBurstLimit = 3, ThrottlingRateLimit = 0 }, new TokenBucketLimits(1, 2));
        var a = Route(deployment, "GET /a");
        Assert.Equal(2, Admitted(throttler, stage, a, 10)); // the account's burst of 2 ran out first
        _time.Advance(TimeSpan.FromSeconds(5));             // the account refills; the route (rate 0) must still hold 1

        Assert.Equal(1, Admitted(throttler, stage, a, 10));
    }

    [Fact]
    public void AdmitAsync_NoLimitsAnywhere_AdmitsEverything()
    {
        var (throttler, stage, deployment) = Setup(null, account: null);

        Assert.Equal(1000, Admitted(throttler, stage, Route(deployment, "GET /a"), 1000));
    }

    [Fact]
    public void AdmitAsync_InMemory_AllocatesNothingPerRequest()
    {
        var (throttler, stage, deployment) = Setup(new RouteSettings { ThrottlingBurstLimit = 1_000_000, ThrottlingRateLimit = 1_000_000 }, Account);
        var route = Route(deployment, "GET /a");
        var admitted = 0;
        for (var i = 0; i < 100; i++)
        {
            admitted += Admit(throttler, stage, route) ? 1 : 0; // the buckets exist from here on
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            admitted += Admit(throttler, stage, route) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1100, admitted);

        static bool Admit(Throttler throttler, CompiledStage stage, CompiledRoute route)
        {
            var result = throttler.AdmitAsync(stage, route, "api1", CancellationToken.None);
            return result.IsCompletedSuccessfully && result.Result;
        }
    }

    [Fact]
    public void AdmitAsync_Throttled_IsCountedWithTheLimitThatRefused()
    {
        var counted = new List<(long Value, string? Limit, string? ApiId)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Throttler.MeterName && instrument.Name == "gatehouse.throttled_requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (named.GetValueOrDefault("stage") == "prod" && named.GetValueOrDefault("api_id") == "api1")
            {
                lock (counted)
                {
                    counted.Add((value, named.GetValueOrDefault("limit"), named.GetValueOrDefault("api_id")));
                }
            }
        });
        listener.Start();
        var (throttler, stage, deployment) = Setup(new RouteSettings { ThrottlingBurstLimit = 2, ThrottlingRateLimit = 0 }, Account);

        Admitted(throttler, stage, Route(deployment, "GET /a"), 5);

        lock (counted)
        {
            Assert.Equal(3, counted.Count(c => c.Limit == "route"));
        }
    }
}
