using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Metrics;

public sealed class MetricStoreTests : IDisposable
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricKey Latency = new("App", "Latency", [new MetricDimension("Api", "a1")]);

    private readonly TempCloudWatchDatabase _database = new();
    private readonly ManualTimeProvider _time = new(Minute.AddMinutes(30));
    private readonly MetricStore _store;

    public MetricStoreTests() => _store = new MetricStore(_database.Open(), _time);

    public void Dispose() => _database.Dispose();

    private static MetricDatum Values(MetricKey metric, DateTimeOffset at, params double[] values) =>
        new(metric, at, values.Length, values.Sum(), values.Min(), values.Max(), "Milliseconds", [.. values.Select(v => new MetricValueCount(v, 1))]);

    private Task<IReadOnlyList<PeriodStatistics>> QueryAsync(int period, DateTimeOffset start, DateTimeOffset end, double[]? percentiles = null, string? unit = null) =>
        _store.GetStatisticsAsync(new StatisticsQuery(Latency, start, end, period, percentiles ?? [], unit), CancellationToken.None);

    [Fact]
    public async Task WriteAsync_SameMinuteTwice_MergesIntoOneDatapoint()
    {
        await _store.WriteAsync([Values(Latency, Minute.AddSeconds(5), 1, 2, 3)], CancellationToken.None);
        await _store.WriteAsync([Values(Latency, Minute.AddSeconds(50), 10)], CancellationToken.None);

        var point = Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1), [50, 100]));
        Assert.Equal((Minute, 4.0, 16.0, 1.0, 10.0, "Milliseconds"), (point.Timestamp, point.SampleCount, point.Sum, point.Minimum, point.Maximum, point.Unit));
        Assert.Equal(4.0, point.Average);
        Assert.Equal([2.0, 10.0], point.PercentileValues);
    }

    [Fact]
    public async Task GetStatisticsAsync_FiveMinutePeriod_AggregatesMinutes()
    {
        for (var i = 0; i < 10; i++)
        {
            await _store.WriteAsync([Values(Latency, Minute.AddMinutes(i), i + 1)], CancellationToken.None);
        }

        var periods = await QueryAsync(300, Minute, Minute.AddMinutes(10), [50]);
        Assert.Equal(2, periods.Count);
        Assert.Equal((Minute, 5.0, 15.0, 1.0, 5.0, 3.0), (periods[0].Timestamp, periods[0].SampleCount, periods[0].Sum, periods[0].Minimum, periods[0].Maximum, periods[0].PercentileValues[0]));
        Assert.Equal((Minute.AddMinutes(5), 5.0, 40.0, 6.0, 10.0), (periods[1].Timestamp, periods[1].SampleCount, periods[1].Sum, periods[1].Minimum, periods[1].Maximum));
    }

    [Fact]
    public async Task GetStatisticsAsync_RangeExcludesEndAndOtherMetrics()
    {
        var other = new MetricKey("App", "Latency", [new MetricDimension("Api", "other")]);
        await _store.WriteAsync([Values(Latency, Minute, 1), Values(Latency, Minute.AddMinutes(1), 2), Values(other, Minute, 99)], CancellationToken.None);

        var point = Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1)));
        Assert.Equal(1, point.Sum);
    }

    [Fact]
    public async Task GetStatisticsAsync_UnitFilter_ReturnsOnlyThatUnit()
    {
        await _store.WriteAsync(
            [Values(Latency, Minute, 5), new MetricDatum(Latency, Minute, 1, 7, 7, 7, "Seconds", [new MetricValueCount(7, 1)])], CancellationToken.None);

        Assert.Equal(7, Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1), unit: "Seconds")).Sum);
        Assert.Empty(await QueryAsync(60, Minute, Minute.AddMinutes(1), unit: "Bytes"));
        Assert.Equal(12, Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1))).Sum);
    }

    [Fact]
    public async Task GetStatisticsAsync_StatisticSetWithoutValues_HasNoPercentiles()
    {
        await _store.WriteAsync([new MetricDatum(Latency, Minute, 10, 55, 1, 10, "None", [])], CancellationToken.None);

        var point = Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1), [99]));
        Assert.Equal(55, point.Sum);
        Assert.True(double.IsNaN(point.PercentileValues[0]));
    }

    [Fact]
    public async Task GetStatisticsAsync_NegativeValues_HaveNoPercentiles()
    {
        await _store.WriteAsync([Values(Latency, Minute, -1, 5)], CancellationToken.None);

        Assert.True(double.IsNaN(Assert.Single(await QueryAsync(60, Minute, Minute.AddMinutes(1), [50])).PercentileValues[0]));
    }

    [Fact]
    public async Task WriteAsync_ThenReopen_DataSurvives()
    {
        await _store.WriteAsync([Values(Latency, Minute, 3)], CancellationToken.None);

        var reopened = new MetricStore(_database.Open(), _time);
        var point = Assert.Single(await reopened.GetStatisticsAsync(new StatisticsQuery(Latency, Minute, Minute.AddMinutes(1), 60, []), CancellationToken.None));
        Assert.Equal(3, point.Sum);
    }

    private async Task<int> RowsAsync()
    {
        await using var connection = await _database.Open().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM datapoints;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task SweepAsync_AfterFifteenDays_RollsMinutesIntoFiveMinuteDatapoints()
    {
        for (var i = 0; i < 10; i++)
        {
            await _store.WriteAsync([Values(Latency, Minute.AddMinutes(i), i + 1)], CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromDays(15));
        await _store.SweepAsync(CancellationToken.None);
        await _store.SweepAsync(CancellationToken.None);

        Assert.Equal(2, await RowsAsync());
        var periods = await QueryAsync(300, Minute, Minute.AddMinutes(10), [50, 100]);
        Assert.Equal([Minute, Minute.AddMinutes(5)], periods.Select(p => p.Timestamp));
        Assert.Equal((5.0, 15.0, 1.0, 5.0, 3.0), (periods[0].SampleCount, periods[0].Sum, periods[0].Minimum, periods[0].Maximum, periods[0].PercentileValues[0]));
        Assert.Equal((40.0, 10.0), (periods[1].Sum, periods[1].PercentileValues[1]));
        Assert.Empty(await QueryAsync(60, Minute, Minute.AddMinutes(10))); // finer than what is kept: no datapoints, as CloudWatch
    }

    [Fact]
    public async Task SweepAsync_AfterSixtyThreeDays_RollsIntoHours_AndDeletesAfter455Days()
    {
        for (var i = 0; i < 120; i += 7)
        {
            await _store.WriteAsync([Values(Latency, Minute.AddMinutes(i), 1)], CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromDays(64));
        await _store.SweepAsync(CancellationToken.None);

        Assert.Equal(2, await RowsAsync());
        var hours = await QueryAsync(3600, Minute, Minute.AddHours(2));
        Assert.Equal([9.0, 9.0], hours.Select(h => h.SampleCount));
        Assert.Empty(await QueryAsync(300, Minute, Minute.AddHours(2)));

        _time.Advance(TimeSpan.FromDays(455 - 64 + 1));
        await _store.SweepAsync(CancellationToken.None);
        Assert.Equal(0, await RowsAsync());
        Assert.Empty(await _store.ListMetricsAsync(new ListMetricsQuery(null, null, []), CancellationToken.None));
    }

    [Fact]
    public async Task SweepAsync_RecentData_StaysAtOneMinute()
    {
        await _store.WriteAsync([Values(Latency, Minute.AddMinutes(1), 1), Values(Latency, Minute.AddMinutes(2), 2)], CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(14));

        await _store.SweepAsync(CancellationToken.None);

        Assert.Equal(2, (await QueryAsync(60, Minute, Minute.AddMinutes(5))).Count);
    }

    [Fact]
    public async Task ListMetricsAsync_FiltersByNamespaceNameAndDimensions()
    {
        var count = new MetricKey("App", "Count", [new MetricDimension("Api", "a1"), new MetricDimension("Stage", "prod")]);
        var elsewhere = new MetricKey("Other", "Latency", []);
        await _store.WriteAsync([Values(Latency, Minute, 1), Values(count, Minute, 1), Values(elsewhere, Minute, 1)], CancellationToken.None);

        Assert.Equal(3, (await _store.ListMetricsAsync(new ListMetricsQuery(null, null, []), CancellationToken.None)).Count);
        Assert.Equal([count, Latency], await _store.ListMetricsAsync(new ListMetricsQuery("App", null, []), CancellationToken.None));
        Assert.Equal([Latency, elsewhere], await _store.ListMetricsAsync(new ListMetricsQuery(null, "Latency", []), CancellationToken.None));
        Assert.Equal([count], await _store.ListMetricsAsync(new ListMetricsQuery(null, null, [new DimensionFilter("Stage", null)]), CancellationToken.None));
        Assert.Equal([count, Latency], await _store.ListMetricsAsync(new ListMetricsQuery(null, null, [new DimensionFilter("Api", "a1")]), CancellationToken.None));
        Assert.Empty(await _store.ListMetricsAsync(new ListMetricsQuery(null, null, [new DimensionFilter("Api", "zz")]), CancellationToken.None));
    }

    [Fact]
    public async Task ListMetricsAsync_OldDataAndRecentlyActive_Windows()
    {
        var old = new MetricKey("App", "Old", []);
        await _store.WriteAsync([Values(Latency, Minute.AddMinutes(20), 1), Values(old, Minute.AddDays(-14).AddMinutes(10), 1)], CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal([Latency], await _store.ListMetricsAsync(new ListMetricsQuery(null, null, []), CancellationToken.None));
        Assert.Equal([Latency], await _store.ListMetricsAsync(new ListMetricsQuery(null, null, [], RecentlyActive: true), CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(3));
        Assert.Empty(await _store.ListMetricsAsync(new ListMetricsQuery(null, null, [], RecentlyActive: true), CancellationToken.None));
    }
}
