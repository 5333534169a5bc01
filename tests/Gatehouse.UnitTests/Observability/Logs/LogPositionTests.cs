using Gatehouse.Observability.Logs;

namespace Gatehouse.UnitTests.Observability.Logs;

public sealed class LogPositionTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1795656618001, 42)]
    [InlineData(-1, 0)]
    public void Format_ThenTryParse_RoundTrips(long timestamp, long id)
    {
        var text = new LogPosition(timestamp, id).Format();

        Assert.Equal(56, text.Length);
        Assert.True(LogPosition.TryParse(text, out var parsed));
        Assert.Equal(new LogPosition(timestamp, id), parsed);
    }

    [Fact]
    public void Format_OrdersAsThePositionsDo()
    {
        var earlier = new LogPosition(1000, 99).Format();
        var later = new LogPosition(1001, 1).Format();

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.True(new LogPosition(1000, 99) < new LogPosition(1001, 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("0000000000000000000000000000000000000000000000000000000x")]
    [InlineData("00000017956566180020000000000000000002000000000000000001")]
    public void TryParse_NotAPosition_IsFalse(string text) => Assert.False(LogPosition.TryParse(text, out _));
}
