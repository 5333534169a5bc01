using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// SigV4's percent-encoding: RFC 3986 unreserved characters (<c>A-Z a-z 0-9 - . _ ~</c>) stay, every other byte of the
/// UTF-8 form becomes <c>%XX</c> with upper-case hex.
/// </summary>
internal static class UriEncoding
{
    public static bool IsUnreserved(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~';

    /// <summary>Encodes every character that is not unreserved (and not <c>/</c> when <paramref name="keepSlash"/>), <c>%</c> included.</summary>
    public static void AppendEncoded(ref ByteBuilder builder, ReadOnlySpan<char> text, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnreserved(c) || (keepSlash && c == '/'))
            {
                builder.Append((byte)c);
                continue;
            }

            if (c < 0x80)
            {
                builder.AppendPercentEncoded((byte)c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(text.Slice(i, length), utf8);
            for (var b = 0; b < written; b++)
            {
                builder.AppendPercentEncoded(utf8[b]);
            }

            i += length - 1;
        }
    }

    /// <summary>
    /// A raw query name or value in canonical form: what the client's decoded text re-encodes to. <c>%xx</c> escapes
    /// are decoded and re-encoded (so <c>%7e</c> becomes <c>~</c> and <c>%2f</c> becomes <c>%2F</c>), unencoded
    /// characters are encoded. <c>+</c> is a literal plus (<c>%2B</c>), not a space: SigV4 signers never send it for a
    /// space, and curl signs it as <c>%2B</c>.
    /// </summary>
    public static void AppendCanonicalComponent(ref ByteBuilder builder, ReadOnlySpan<char> raw)
    {
        var start = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%' || i + 2 >= raw.Length || !TryHex(raw[i + 1], raw[i + 2], out var decoded))
            {
                continue;
            }

            AppendEncoded(ref builder, raw[start..i], keepSlash: false);
            if (IsUnreserved(decoded))
            {
                builder.Append(decoded);
            }
            else
            {
                builder.AppendPercentEncoded(decoded);
            }

            i += 2;
            start = i + 1;
        }

        AppendEncoded(ref builder, raw[start..], keepSlash: false);
    }

    /// <summary>Decodes <c>%XX</c> escapes (UTF-8) and nothing else; for the values of presigned parameters.</summary>
    public static string Decode(ReadOnlySpan<char> raw)
    {
        if (!raw.Contains('%'))
        {
            return raw.ToString();
        }

        Span<byte> initial = stackalloc byte[256];
        var builder = new ByteBuilder(initial);
        try
        {
            var start = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] == '%' && i + 2 < raw.Length && TryHex(raw[i + 1], raw[i + 2], out var decoded))
                {
                    builder.AppendUtf8(raw[start..i]);
                    builder.Append(decoded);
                    i += 2;
                    start = i + 1;
                }
            }

            builder.AppendUtf8(raw[start..]);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static bool TryHex(char high, char low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
