using System.Collections.Immutable;
using Gatehouse.Observability.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Observability.Metrics;

/// <summary>
/// The hot-path recorder and the one-minute aggregation: exact counts under concurrency, each minute its own
/// datapoint, percentiles within 2 %, series that share a CloudWatch metric added up, a slow store never in the way.
/// </summary>
public sealed class MetricAggregatorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricKey Requests = new("Test", "Requests", [new MetricDimension("Api", "a")]);
    private static readonly MetricKey Latency = new("Test", "Latency", [new MetricDimension("Api", "a")]);

    private readonly ManualTimeProvider _time = new(Start.AddSeconds(10));
    private readonly RecordingSink _sink = new();
    private readonly MetricRecorder _recorder;
    private readonly MetricAggregator _aggregator;

    public MetricAggregatorTests()
    {
        _recorder = new MetricRecorder(_time);
        _aggregator = new MetricAggregator(_recorder, _sink, NullLogger<MetricAggregator>.Instance, TimeSpan.FromSeconds(5));
    }

    public ValueTask DisposeAsync() => _aggregator.DisposeAsync();

    private MetricSeries Series(string name = "s1", params MetricKey[] extraKeys) => _recorder.GetOrAdd("owner", name,
    [
        new SeriesMetric(MetricKind.Flag, MetricUnits.Count, [Requests, .. extraKeys.Where(k => k.MetricName == "Requests")]),
        new SeriesMetric(MetricKind.Distribution, MetricUnits.Milliseconds, [Latency, .. extraKeys.Where(k => k.MetricName == "Latency")]),
    ]);

    private static void Record(MetricSeries series, bool flag, double value)
    {
        using var writer = series.Begin();
        writer.RecordFlag(0, flag);
        writer.Record(1, value);
    }

    [Fact]
    public void Begin_ConcurrentWriters_CountsAndSumsAreExact()
    {
        const int Threads = 8;
        const int PerThread = 50_000;
        var series = Series();

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                Record(series, i % 4 == 0, (i % 100) + 1);
            }
        });
        _time.Advance(TimeSpan.FromMinutes(1));

        var data = _aggregator.CloseDueMinutes();
        var requests = Assert.Single(RecordingSink.Find(data, "Requests", "Api=a"));
        var latency = Assert.Single(RecordingSink.Find(data, "Latency", "Api=a"));
        Assert.Equal(Threads * PerThread, requests.SampleCount);
        Assert.Equal(Threads * PerThread / 4, requests.Sum);
        Assert.Equal(Threads * PerThread, latency.SampleCount);
        Assert.Equal(Threads * (PerThread / 100) * 5050.0, latency.Sum);
        Assert.Equal(1, latency.Minimum);
        Assert.Equal(100, latency.Maximum);
        Assert.Equal(Threads * PerThread, latency.Distribution.Sum(p => p.Count));
    }

    [Fact]
    public void Begin_AfterTheFirstSample_AllocatesNothing()
    {
        var series = Series();
        Record(series, true, 12.5); // the histogram's array: once per slot, ever

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Record(series, i % 2 == 0, i * 0.37);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void CloseDueMinutes_MinuteRollover_EachMinuteGetsItsOwnDatapointAfterTheDelay()
    {
        var series = Series();
        Record(series, true, 10);
        Record(series, true, 20);
        _time.Advance(TimeSpan.FromSeconds(52)); // 12:01:02, inside the close delay
        Record(series, false, 30);

        Assert.Empty(_aggregator.CloseDueMinutes());

        _time.Advance(TimeSpan.FromSeconds(3)); // 12:01:05
        var first = Assert.Single(RecordingSink.Find(_aggregator.CloseDueMinutes(), "Latency", "Api=a"));
        Assert.Equal(Start, first.Timestamp);
        Assert.Equal(2, first.SampleCount);
        Assert.Equal(30, first.Sum);
        Assert.Equal(MetricUnits.Milliseconds, first.Unit);

        _time.Advance(TimeSpan.FromMinutes(1));
        var second = _aggregator.CloseDueMinutes();
        var requests = Assert.Single(RecordingSink.Find(second, "Requests", "Api=a"));
        Assert.Equal(Start.AddMinutes(1), requests.Timestamp);
        Assert.Equal(1, requests.SampleCount);
        Assert.Equal(0, requests.Sum);

        // The slot of 12:00 collects 12:02 now.
        Record(series, true, 40);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(Start.AddMinutes(2), Assert.Single(RecordingSink.Find(_aggregator.CloseDueMinutes(), "Latency", "Api=a")).Timestamp);
    }

    [Fact]
    public void CloseDueMinutes_BusyThenIdle_KeepsTheHistogramWhileBusyAndLetsItGoWhenIdle()
    {
        var series = Series();
        var minute = MetricSeries.MinuteOf(_time.GetUtcNow());
        Record(series, true, 3);
        var histogram = series.SlotMetrics(minute)[1].Buckets;
        Assert.NotNull(histogram);

        _time.Advance(TimeSpan.FromMinutes(1));
        _aggregator.CloseDueMinutes(); // busy minute: the slot keeps its array for minute + 2
        Assert.Same(histogram, series.SlotMetrics(minute)[1].Buckets);

        _time.Advance(TimeSpan.FromMinutes(2));
        _aggregator.CloseDueMinutes(); // minute + 2 had no sample
        Assert.Null(series.SlotMetrics(minute)[1].Buckets);
    }

    [Fact]
    public void CloseDueMinutes_MinutesWithoutSamples_HaveNoDatapoint()
    {
        var series = Series();
        Record(series, true, 1);
        _time.Advance(TimeSpan.FromMinutes(5));

        var data = _aggregator.CloseDueMinutes();

        Assert.Equal([Start, Start], data.Select(d => d.Timestamp));
    }

    [Fact]
    public void CloseDueMinutes_FlagMetric_SumIsTheOnesAndItsDistributionTheZerosAndOnes()
    {
        var series = Series();
        for (var i = 0; i < 10; i++)
        {
            Record(series, i < 3, 1);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        var datum = Assert.Single(RecordingSink.Find(_aggregator.CloseDueMinutes(), "Requests", "Api=a"));

        Assert.Equal((10.0, 3.0, 0.0, 1.0), (datum.SampleCount, datum.Sum, datum.Minimum, datum.Maximum));
        Assert.Equal([new MetricValueCount(0, 7), new MetricValueCount(1, 3)], datum.Distribution);
        Assert.Equal(MetricUnits.Count, datum.Unit);
    }

    [Fact]
    public void CloseDueMinutes_Percentiles_AreWithinTwoPercentOfTheExactValues()
    {
        var series = Series();
        var random = new Random(42);
        var values = Enumerable.Range(0, 20_000).Select(_ => Math.Exp(random.NextDouble() * 12) / 10).ToList(); // 0.1 ms .. 16 s
        values.Add(0);
        foreach (var value in values)
        {
            Record(series, true, value);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        var datum = Assert.Single(RecordingSink.Find(_aggregator.CloseDueMinutes(), "Latency", "Api=a"));

        values.Sort();
        Assert.Equal(values[0], datum.Minimum);
        Assert.Equal(values[^1], datum.Maximum);
        Assert.Equal(values.Sum(), datum.Sum, 6);
        foreach (var p in new[] { 0.5, 1, 10, 50, 90, 99, 99.9, 100 })
        {
            var exact = values[Math.Max(0, (int)Math.Ceiling(p / 100 * values.Count) - 1)];
            var estimate = NearestRank(datum.Distribution, p);
            Assert.InRange(estimate, exact * 0.98, exact * 1.02);
        }
    }

    private static double NearestRank(IReadOnlyList<MetricValueCount> distribution, double percentile)
    {
        var rank = Math.Max(1, Math.Ceiling(percentile / 100 * distribution.Sum(p => p.Count)));
        var seen = 0.0;
        foreach (var pair in distribution.OrderBy(p => p.Value))
        {
            seen += pair.Count;
            if (seen >= rank)
            {
                return pair.Value;
            }
        }

        return distribution[^1].Value;
    }

    [Fact]
    public void CloseDueMinutes_SeriesSharingAMetric_AreAddedUpIntoOneDatapoint()
    {
        var total = new MetricKey("Test", "Requests", []);
        var first = Series("s1", total);
        var second = Series("s2", total);
        Record(first, true, 5);
        Record(second, false, 7);
        Record(second, true, 9);

        _time.Advance(TimeSpan.FromMinutes(1));
        var data = _aggregator.CloseDueMinutes();

        var all = Assert.Single(RecordingSink.Find(data, "Requests"));
        Assert.Equal((3.0, 2.0), (all.SampleCount, all.Sum));
        var byApi = Assert.Single(RecordingSink.Find(data, "Requests", "Api=a"));
        Assert.Equal(3, byApi.SampleCount);
        var latency = Assert.Single(RecordingSink.Find(data, "Latency", "Api=a"));
        Assert.Equal((5.0, 9.0, 21.0), (latency.Minimum, latency.Maximum, latency.Sum));
    }

    [Fact]
    public void Begin_AggregatorMoreThanAMinuteBehind_DropsAndCountsTheSample()
    {
        var series = Series();
        _time.Advance(TimeSpan.FromMinutes(2)); // 12:02: its slot still holds 12:00, which nobody closed

        Record(series, true, 1);

        Assert.Equal(1, series.Dropped);
        Assert.Equal(1, _recorder.Dropped);
        _aggregator.CloseDueMinutes();
        Record(series, true, 1);
        Assert.Equal(1, series.Dropped);
    }

    [Fact]
    public async Task FlushAsync_SlowStore_NeitherRecordingNorClosingWaitsForIt()
    {
        var series = Series();
        _sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Record(series, true, 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotEmpty(_aggregator.CloseDueMinutes());
        Record(series, true, 2);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotEmpty(_aggregator.CloseDueMinutes());
        Record(series, true, 3); // the minute in progress

        var flushing = _aggregator.FlushAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(flushing.IsCompleted);
        Assert.Empty(_sink.Data);
        _sink.Gate.SetResult();
        await flushing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([Start, Start.AddMinutes(1), Start.AddMinutes(2)], _sink.Of("Requests", "Api=a").Select(d => d.Timestamp));
        Assert.Equal(6, _sink.Of("Latency", "Api=a").Sum(d => d.Sum));
    }

    [Fact]
    public async Task FlushAsync_StoreFailsOnce_TheMinuteIsWrittenOnRetry()
    {
        var series = Series();
        _sink.FailuresLeft = 1;
        Record(series, true, 4);

        await _aggregator.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, _sink.Writes);
        Assert.Equal(4, Assert.Single(_sink.Of("Latency", "Api=a")).Sum);
        Assert.Equal(0, _aggregator.DroppedBatches);
    }

    [Fact]
    public async Task DisposeAsync_MinuteInProgress_IsWrittenToTheStore()
    {
        var series = Series();
        Record(series, true, 8);

        await _aggregator.DisposeAsync();

        Assert.Equal(8, Assert.Single(_sink.Of("Latency", "Api=a")).Sum);
    }

    [Fact]
    public void GetOrAdd_SameName_ReturnsTheSameSeriesWithItsNewKeys()
    {
        var before = Series("s1");
        var extra = new MetricKey("Test", "Requests", [new MetricDimension("Route", "GET /")]);
        var after = Series("s1", extra);

        Assert.Same(before, after);
        Assert.Equal<MetricKey>([Requests, extra], after.Metrics[0].Keys);
        Assert.Throws<ArgumentException>(() => _recorder.GetOrAdd("owner", "s1",
            [new SeriesMetric(MetricKind.Distribution, MetricUnits.Count, ImmutableArray<MetricKey>.Empty)]));
    }

    [Fact]
    public void CloseDueMinutes_RetiredSeries_IsDroppedOnlyAfterSixteenIdleMinutes()
    {
        var kept = Series("kept");
        var retired = Series("retired");
        _recorder.Retain("owner", [kept]);
        Record(retired, true, 1); // a request still running on the old configuration lands

        _time.Advance(TimeSpan.FromMinutes(MetricRecorder.RetiredIdleMinutes));
        var data = _aggregator.CloseDueMinutes();
        Assert.Single(RecordingSink.Find(data, "Latency", "Api=a"));
        Assert.Equal(2, _recorder.Count);

        _time.Advance(TimeSpan.FromMinutes(1));
        _aggregator.CloseDueMinutes();
        Assert.Equal(1, _recorder.Count);
        Assert.NotSame(retired, Series("retired"));
    }
}
