using Gatehouse.Observability.Metrics;

namespace Gatehouse.UnitTests.Observability.Metrics;

public sealed class LogLinearBucketsTests
{
    [Theory]
    [InlineData(0.001)]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(1.999)]
    [InlineData(2)]
    [InlineData(123.456)]
    [InlineData(29_999.9)]
    [InlineData(10 * 1024 * 1024)]
    public void MidpointOf_IndexOf_IsWithinOnePointSixPercent(double value)
    {
        var midpoint = LogLinearBuckets.MidpointOf(LogLinearBuckets.IndexOf(value));

        Assert.InRange(Math.Abs(midpoint - value) / value, 0, 1.0 / 64);
    }

    [Fact]
    public void IndexOf_IncreasingValues_NeverGoesDown()
    {
        var last = 0;
        for (var value = 0.0001; value < 1e9; value *= 1.003)
        {
            var index = LogLinearBuckets.IndexOf(value);
            Assert.InRange(index, last, LogLinearBuckets.Count - 1);
            last = index;
        }

        Assert.Equal(LogLinearBuckets.Count - 1, last);
    }
}
