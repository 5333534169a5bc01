using System.Diagnostics;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.Store.State;

namespace Gatehouse.DataPlane.Throttling;

/// <summary>
/// The data plane's throttle step, in AWS's order: the route's bucket on its stage (<see cref="StageThrottle"/>), then
/// the account's bucket shared by every API. One request takes a token from both or from neither, in one state-store
/// call (one Redis round trip across nodes). A throttled request is counted in the
/// <c>gatehouse.throttled_requests</c> metric, tagged with the API, the stage and which limit (<c>route</c> or
/// <c>account</c>) refused it.
/// </summary>
public sealed class Throttler
{
    public const string MeterName = GatewayInstruments.MeterName;

    private readonly IStateStore _store;
    private readonly BucketClaim? _account;

    public Throttler(IStateStore store, DataPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        // Per account and region, as AWS counts it.
        _account = options.AccountThrottle is { } limits ? new BucketClaim($"throttle:account:{options.AccountId}:{options.Region}", limits) : null;
    }

    /// <summary>
    /// Takes the request's tokens; false when a limit refuses it. Completes synchronously with the in-memory store.
    /// </summary>
    public ValueTask<bool> AdmitAsync(CompiledStage stage, CompiledRoute route, string apiId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return AdmitAsync(stage.Throttle?.ForRoute(route), apiId, stage.Name, cancellationToken);
    }

    /// <summary>Takes a token from <paramref name="own"/> (a route's or a REST method's bucket, if it has one) and the account's.</summary>
    public ValueTask<bool> AdmitAsync(BucketClaim? own, string apiId, string stageName, CancellationToken cancellationToken)
    {
        ValueTask<TokenTake> take;
        if (own is { } routeClaim)
        {
            take = _store.TryTakeTokenAsync(routeClaim, _account, cancellationToken);
        }
        else if (_account is { } account)
        {
            take = _store.TryTakeTokenAsync(account, null, cancellationToken);
        }
        else
        {
            return ValueTask.FromResult(true);
        }

        if (take.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(Judge(take.Result, own is not null, apiId, stageName));
        }

        return AwaitAsync(take, own is not null, apiId, stageName);
    }

    private static async ValueTask<bool> AwaitAsync(ValueTask<TokenTake> take, bool routeFirst, string apiId, string stageName) =>
        Judge(await take.ConfigureAwait(false), routeFirst, apiId, stageName);

    private static bool Judge(TokenTake take, bool routeFirst, string apiId, string stageName)
    {
        if (take == TokenTake.Taken)
        {
            return true;
        }

        var scope = take == TokenTake.FirstEmpty && routeFirst ? "route" : "account";
        GatewayInstruments.ThrottledRequests.Add(1, new TagList { { "api_id", apiId }, { "stage", stageName }, { "limit", scope } });
        return false;
    }
}
