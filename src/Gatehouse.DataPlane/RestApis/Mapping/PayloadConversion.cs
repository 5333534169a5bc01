using System.Buffers.Text;
using System.Text;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The payload conversions of api-gateway-payload-encodings-workflow: text to binary is a base64 decode (a body that
/// is not base64 fails, which API Gateway answers 500), binary to text a base64 encode.
/// </summary>
public static class PayloadConversion
{
    /// <summary>The integration request payload from the method request's (first table of the page).</summary>
    public static bool TryConvertRequest(ReadOnlyMemory<byte> body, bool isBinary, ContentHandling handling, out ReadOnlyMemory<byte> converted)
    {
        converted = body;
        return (isBinary, handling) switch
        {
            (false, ContentHandling.ConvertToBinary) => TryDecode(body, out converted),
            (true, ContentHandling.ConvertToText) => Encode(body, out converted),
            _ => true,
        };
    }

    /// <summary>
    /// The method response payload from the integration response's (second table): unset handling follows the
    /// client's Accept (a binary Accept gets binary data, a text one text).
    /// </summary>
    public static bool TryConvertResponse(ReadOnlyMemory<byte> body, bool payloadIsBinary, bool acceptIsBinary, ContentHandling handling,
        out ReadOnlyMemory<byte> converted)
    {
        converted = body;
        var toBinary = handling switch
        {
            ContentHandling.ConvertToBinary => true,
            ContentHandling.ConvertToText => false,
            _ => acceptIsBinary,
        };
        if (payloadIsBinary)
        {
            return toBinary || Encode(body, out converted);
        }

        return !toBinary || TryDecode(body, out converted);
    }

    private static bool Encode(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> converted)
    {
        converted = Encoding.ASCII.GetBytes(Convert.ToBase64String(body.Span));
        return true;
    }

    private static bool TryDecode(ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> converted)
    {
        converted = default;
        var text = Encoding.UTF8.GetString(body.Span).Trim();
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        converted = buffer.AsMemory(0, written);
        return true;
    }
}
