using System.Text;
using Gatehouse.DataPlane.RestApis.Mapping;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>The two tables of api-gateway-payload-encodings-workflow.</summary>
public sealed class PayloadConversionTests
{
    private static readonly byte[] Binary = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF];
    private static readonly byte[] Base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(Binary));

    [Fact]
    public void TryConvertRequest_TextToBinary_DecodesBase64()
    {
        Assert.True(PayloadConversion.TryConvertRequest(Base64, isBinary: false, ContentHandling.ConvertToBinary, out var converted));
        Assert.Equal(Binary, converted.ToArray());
    }

    [Fact]
    public void TryConvertRequest_TextThatIsNotBase64ToBinary_Fails()
    {
        Assert.False(PayloadConversion.TryConvertRequest("not base64!"u8.ToArray(), isBinary: false, ContentHandling.ConvertToBinary, out _));
    }

    [Fact]
    public void TryConvertRequest_BinaryToText_EncodesBase64()
    {
        Assert.True(PayloadConversion.TryConvertRequest(Binary, isBinary: true, ContentHandling.ConvertToText, out var converted));
        Assert.Equal(Base64, converted.ToArray());
    }

    [Theory]
    [InlineData(false, ContentHandling.None)]
    [InlineData(false, ContentHandling.ConvertToText)]
    [InlineData(true, ContentHandling.None)]
    [InlineData(true, ContentHandling.ConvertToBinary)]
    public void TryConvertRequest_OtherRows_PassThrough(bool isBinary, ContentHandling handling)
    {
        Assert.True(PayloadConversion.TryConvertRequest(Binary, isBinary, handling, out var converted));
        Assert.Equal(Binary, converted.ToArray());
    }

    [Theory]
    // payload binary, Accept binary, handling → base64 encoded (E), decoded (D) or untouched (U)
    [InlineData(false, false, ContentHandling.None, 'U')]
    [InlineData(false, false, ContentHandling.ConvertToBinary, 'D')]
    [InlineData(false, false, ContentHandling.ConvertToText, 'U')]
    [InlineData(false, true, ContentHandling.None, 'D')]
    [InlineData(false, true, ContentHandling.ConvertToBinary, 'D')]
    [InlineData(false, true, ContentHandling.ConvertToText, 'U')]
    [InlineData(true, false, ContentHandling.None, 'E')]
    [InlineData(true, false, ContentHandling.ConvertToBinary, 'U')]
    [InlineData(true, false, ContentHandling.ConvertToText, 'E')]
    [InlineData(true, true, ContentHandling.None, 'U')]
    [InlineData(true, true, ContentHandling.ConvertToBinary, 'U')]
    [InlineData(true, true, ContentHandling.ConvertToText, 'E')]
    public void TryConvertResponse_TableRows_AsDocumented(bool payloadIsBinary, bool acceptIsBinary, ContentHandling handling, char expected)
    {
        var input = payloadIsBinary ? Binary : Base64;

        Assert.True(PayloadConversion.TryConvertResponse(input, payloadIsBinary, acceptIsBinary, handling, out var converted));

        var want = expected switch
        {
            'E' => Base64,
            'D' => Binary,
            _ => input,
        };
        Assert.Equal(want, converted.ToArray());
    }

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("IMAGE/PNG; q=0.9", true)]
    [InlineData("image/jpeg", true)] // image/*
    [InlineData("application/octet-stream", true)]
    [InlineData("application/json", false)]
    [InlineData("image/webp,image/*,*/*;q=0.8", true)]
    [InlineData("text/html,image/png", false)] // only the first Accept type counts
    [InlineData(null, false)]
    public void IsBinary_MediaTypes_MatchExactOrWildcard(string? header, bool expected)
    {
        var types = new BinaryMediaTypes(["image/*", "application/octet-stream"]);

        Assert.Equal(expected, types.IsBinary(header));
    }
}
