using Gatehouse.DataPlane;

namespace Gatehouse.UnitTests.DataPlane;

public sealed class RequestTimeTests
{
    [Fact]
    public void Text_AnyMillisecondOfASecond_IsThatSecondAsApiGatewayWritesIt()
    {
        var second = new DateTimeOffset(2020, 3, 12, 19, 3, 58, TimeSpan.Zero).ToUnixTimeMilliseconds();

        Assert.Equal("12/Mar/2020:19:03:58 +0000", RequestTime.Text(second));
        Assert.Equal("12/Mar/2020:19:03:58 +0000", RequestTime.Text(second + 999));
        Assert.Equal("12/Mar/2020:19:03:59 +0000", RequestTime.Text(second + 1000));
        Assert.Equal("12/Mar/2020:19:03:58 +0000", RequestTime.Text(second + 1));
    }

    [Fact]
    public void Text_SameSecond_ReusesTheText()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000;

        // Other tests format other times meanwhile (the cache holds one second): one try in a hundred must hit.
        Assert.Contains(Enumerable.Range(0, 100), _ => ReferenceEquals(RequestTime.Text(now + 10), RequestTime.Text(now + 20)));
    }

    [Fact]
    public void Text_BeforeTheEpoch_RoundsDownToItsSecond()
    {
        Assert.Equal("31/Dec/1969:23:59:59 +0000", RequestTime.Text(-1));
    }
}
