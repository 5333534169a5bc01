using Gatehouse.Identity.SigV4;

namespace Gatehouse.UnitTests.Identity.SigV4;

public sealed class AmzDateTests
{
    [Theory]
    [InlineData("20240501T120000Z", 2024, 5, 1, 12, 0, 0)]
    [InlineData("20240229T235959Z", 2024, 2, 29, 23, 59, 59)]
    public void TryParseBasic_BasicFormat_Parsed(string value, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(AmzDate.TryParseBasic(value, out var time));
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20240501")]
    [InlineData("2024-05-01T12:00:00Z")]
    [InlineData("20240501T120000")]
    [InlineData("20240501 120000Z")]
    [InlineData("20230229T120000Z")]
    [InlineData("20241301T120000Z")]
    [InlineData("20240501T240000Z")]
    [InlineData("20240501T126000Z")]
    [InlineData("2024050xT120000Z")]
    [InlineData("00000101T000000Z")]
    public void TryParseBasic_AnythingElse_Refused(string value) => Assert.False(AmzDate.TryParseBasic(value, out _));

    [Theory]
    [InlineData("Wed, 01 May 2024 12:00:00 GMT")]
    [InlineData("20240501T120000Z")]
    public void TryParseHttpDate_RfcOrBasic_Parsed(string value)
    {
        Assert.True(AmzDate.TryParseHttpDate(value, out var time));
        Assert.Equal("20240501T120000Z", AmzDate.Format(time));
    }
}
