using Gatehouse.DataPlane.Apis;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;

namespace Gatehouse.DataPlane.Throttling;

/// <summary>
/// A stage's route-level throttling as HTTP APIs define it: every route has a token bucket of its own, with the limits
/// of <c>routeSettings["GET /items"]</c> where the stage sets them and otherwise the stage's
/// <c>defaultRouteSettings</c>, field by field; a field set at neither level is the account's (AWS's default when the
/// account limit is off). Built when the stage is
/// compiled (so <c>update-stage</c> takes effect with the next request); the buckets themselves live in the state store
/// under keys that outlive recompilation, so a change of limits does not refill them.
/// </summary>
public sealed class StageThrottle
{
    private readonly BucketClaim?[] _routes;

    private StageThrottle(BucketClaim?[] routes) => _routes = routes;

    /// <summary>The bucket that <paramref name="route"/> takes from on this stage, or null when it has no limit of its own.</summary>
    public BucketClaim? ForRoute(CompiledRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return (uint)route.Index < (uint)_routes.Length ? _routes[route.Index] : null;
    }

    /// <summary>
    /// The stage's throttling, or null when neither its default route settings nor any route's settings set a limit.
    /// <paramref name="account"/> fills a field the stage leaves unset (AWS's default account limit when there is none),
    /// so that a limit the user set is never ignored.
    /// </summary>
    public static StageThrottle? For(string apiId, Stage stage, CompiledDeployment deployment, TokenBucketLimits? account)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(deployment);
        var defaults = stage.DefaultRouteSettings;
        var routeSettings = stage.RouteSettings;
        if (!SetsLimits(defaults) && (routeSettings is null || !routeSettings.Values.Any(SetsLimits)))
        {
            return null;
        }

        var fill = account ?? DataPlaneOptions.AwsAccountThrottle;
        var routes = new BucketClaim?[deployment.AllRoutes.Count];
        foreach (var route in deployment.AllRoutes)
        {
            var own = routeSettings?.GetValueOrDefault(route.RouteKey.Text);
            if (SetsLimits(own) || SetsLimits(defaults))
            {
                var rate = own?.ThrottlingRateLimit ?? defaults?.ThrottlingRateLimit ?? fill.RatePerSecond;
                var burst = (double?)(own?.ThrottlingBurstLimit ?? defaults?.ThrottlingBurstLimit) ?? fill.Burst;
                routes[route.Index] = new BucketClaim(KeyOf(apiId, stage.StageName, route.RouteKey.Text), new TokenBucketLimits(rate, burst));
            }
        }

        return new StageThrottle(routes);
    }

    /// <summary>The state-store key of a route's bucket on a stage.</summary>
    public static string KeyOf(string apiId, string stageName, string routeKey) => $"throttle:{apiId}:{stageName}:{routeKey}";

    private static bool SetsLimits(RouteSettings? settings) =>
        settings is { ThrottlingRateLimit: not null } or { ThrottlingBurstLimit: not null };
}
