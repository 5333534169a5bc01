using System.Diagnostics;
using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Issue 5's scale-out promise: two Gatehouse processes with <c>--state-store redis://...</c> on one real redis-server
/// enforce one limit (the sum of what they admit stays within the bucket's promise), and when Redis goes away no
/// request fails: each node falls back to its own buckets, says so once, and returns to Redis by itself.
/// The second node starts on the first one's data directory after the API and its limits exist.
/// </summary>
public sealed class TwoNodeThrottlingTests : IAsyncLifetime
{
    private const int Burst = 20;
    private const double Rate = 50;
    private const string Unreachable = "is unreachable";
    private const string Back = "answers again:";

    private RedisServer _redis = null!;
    private EchoBackend _backend = null!;
    private GatehouseProcess _first = null!;
    private GatehouseProcess _second = null!;
    private Uri[] _urls = [];

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _backend = await EchoBackend.StartAsync();
        // Information: the line saying Redis answers again is one.
        string[] arguments = [.. GatehouseFixture.Unthrottled, "--state-store", _redis.Address, "--log-level", "Information"];
        _first = await GatehouseProcess.StartAsync(arguments);
        using var http = ControlPlaneSigning.CreateClient();
        var control = new ControlPlaneClient(http, () => _first.BaseAddress);
        var apiId = await control.CreateDeployedApiAsync(_backend.BaseUrl, "prod", "GET /items");
        (await new AwsCli(_first.BaseAddress).ApiGatewayV2Async("update-stage", "--api-id", apiId, "--stage-name", "prod",
            "--default-route-settings", $"ThrottlingBurstLimit={Burst},ThrottlingRateLimit={Rate}")).ShouldSucceed();
        _second = await GatehouseProcess.StartOnAsync(_first.DataDirectory, arguments);
        _urls = [.. new[] { _first, _second }.Select(node => new Uri($"http://127.0.0.1:{node.Port}/_aws/execute-api/{apiId}/prod/items"))];
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _backend.DisposeAsync();
        await _redis.DisposeAsync();
    }

    /// <summary>Both nodes under load at once, each offered 10 × the limit; the total admitted, and the span it took.</summary>
    private async Task<(long Admitted, WrkRun[] Runs, double Seconds)> LoadBothAsync(TimeSpan duration, Func<Task>? during = null)
    {
        var clock = Stopwatch.StartNew();
        var runs = _urls.Select(url => Wrk.RunAsync(url, duration, connections: 4, rate: 500)).ToArray();
        if (during is not null)
        {
            await during();
        }

        var results = await Task.WhenAll(runs);
        return (results.Sum(r => r.Status(200)), results, clock.Elapsed.TotalSeconds);
    }

    private static void AssertNothingFailed(WrkRun[] runs)
    {
        foreach (var run in runs)
        {
            Assert.True(run.Others == 0 && run.SocketErrors is null, $"a request failed:\n{run.Output}");
            Assert.True(run.Status(429) > 0, $"the load was not over the limit:\n{run.Output}");
        }
    }

    private void AssertWithinOneBucket(long admitted, double seconds, WrkRun[] runs, string when)
    {
        var promise = Burst + (Rate * seconds);
        Assert.True(admitted <= promise + 2,
            $"{when}: the two nodes admitted {admitted} > burst + rate × {seconds:F2} s = {promise:F0}; one bucket each would give about twice that\n" +
            string.Join("\n", runs.Select(r => r.Output)));
        // A sanity floor only (the promise above is the guarantee): a loaded machine may stall a node for a while.
        var floor = 0.5 * (Burst + (Rate * (seconds - 1.5)));
        Assert.True(admitted >= floor, $"{when}: admitted {admitted} < {floor:F0}\n{string.Join("\n", runs.Select(r => r.Output))}");
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task TwoNodes_OneRedis_EnforceOneLimitTogether_AndSurviveRedisGoingAway()
    {
        // Warm both nodes up (first requests compile code and open connections), then let the bucket refill.
        await LoadBothAsync(TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (admitted, runs, seconds) = await LoadBothAsync(TimeSpan.FromSeconds(3));
        AssertNothingFailed(runs);
        AssertWithinOneBucket(admitted, seconds, runs, "with Redis");

        // Redis stops during the load and comes back: no request fails, each node says so once, each way.
        var (_, outageRuns, _) = await LoadBothAsync(TimeSpan.FromSeconds(4), async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await _redis.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await _redis.RestartAsync();
        });
        AssertNothingFailed(outageRuns);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            while (!(_first.Output.Contains(Back, StringComparison.Ordinal) && _second.Output.Contains(Back, StringComparison.Ordinal)))
            {
                await Task.Delay(100, wait.Token);
            }
        }

        foreach (var node in new[] { _first, _second })
        {
            // Once each way (a slow moment on a busy machine may add a pair, never a line per request), ending on Redis.
            var output = node.Output;
            Assert.InRange(Count(output, Unreachable), 1, 3);
            Assert.Equal(Count(output, Unreachable), Count(output, Back));
            Assert.True(output.LastIndexOf(Back, StringComparison.Ordinal) > output.LastIndexOf(Unreachable, StringComparison.Ordinal), output);
            Assert.True(node.IsRunning);
        }

        // Shared again.
        var (after, afterRuns, afterSeconds) = await LoadBothAsync(TimeSpan.FromSeconds(3));
        AssertNothingFailed(afterRuns);
        AssertWithinOneBucket(after, afterSeconds, afterRuns, "after Redis came back");
    }

    [Fact]
    public async Task OneNode_RedisDown_StillServesWithItsOwnLimit()
    {
        await _redis.StopAsync();
        using var client = new HttpClient();

        var statuses = new List<HttpStatusCode>();
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(_urls[0]);
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            statuses.Add(response.StatusCode);
        }

        var admitted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"status {s}"));
        // The node's own bucket, full at the switch, refilling at the rate.
        Assert.InRange(admitted, Burst, Burst + (Rate * total.Elapsed.TotalSeconds) + 1);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"a request waited {slowest} for Redis");
    }
}
