using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Metrics;

public sealed class MetricDistributionTests
{
    private static List<MetricValueCount> OneToHundred() =>
        MetricDistribution.Normalize(Enumerable.Range(1, 100).Select(i => new MetricValueCount(i, 1)));

    [Theory]
    [InlineData(50, 50)]
    [InlineData(99, 99)]
    [InlineData(99.9, 100)]
    [InlineData(100, 100)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1.5, 2)]
    public void Percentile_OneToHundred_IsNearestRank(double percentile, double expected) =>
        Assert.Equal(expected, MetricDistribution.Percentile(OneToHundred(), percentile));

    [Fact]
    public void Percentile_Counts_WeighValues()
    {
        // 1 ×9 and 100 ×1: nine tenths of the samples are 1.
        var pairs = MetricDistribution.Normalize([new MetricValueCount(100, 1), new MetricValueCount(1, 9)]);
        Assert.Equal(1, MetricDistribution.Percentile(pairs, 90));
        Assert.Equal(100, MetricDistribution.Percentile(pairs, 91));
    }

    [Fact]
    public void Percentile_Empty_IsNaN() => Assert.True(double.IsNaN(MetricDistribution.Percentile([], 50)));

    [Fact]
    public void Merge_EqualValues_AddCounts()
    {
        var merged = MetricDistribution.Merge([new MetricValueCount(2, 1), new MetricValueCount(5, 2)], [new MetricValueCount(5, 3), new MetricValueCount(1, 1)]);
        Assert.Equal([new MetricValueCount(1, 1), new MetricValueCount(2, 1), new MetricValueCount(5, 5)], merged);
    }

    [Fact]
    public void EncodeDecode_RoundTrips()
    {
        var pairs = OneToHundred();
        Assert.Equal(pairs, MetricDistribution.Decode(MetricDistribution.Encode(pairs)));
    }

    [Fact]
    public void Normalize_ManyDistinctValues_FoldsIntoBucketsWithinOnePercent()
    {
        var values = Enumerable.Range(1, 20_000).Select(i => new MetricValueCount(i * 0.37, 1)).ToList();
        var folded = MetricDistribution.Normalize(values);
        Assert.True(folded.Count <= MetricDistribution.MaxDistinctValues, $"{folded.Count} buckets");
        Assert.Equal(20_000, MetricDistribution.Total(folded), 6);
        var exact = MetricDistribution.Percentile(MetricDistribution.Normalize(values.Take(2000)), 50);
        Assert.InRange(MetricDistribution.Percentile(folded, 99), 19_800 * 0.37 * 0.99, 19_800 * 0.37 * 1.01);
        Assert.True(exact > 0);
    }
}
