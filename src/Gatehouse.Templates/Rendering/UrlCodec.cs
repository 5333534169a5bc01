using System.Text;

namespace Gatehouse.Templates;

/// <summary>
/// <c>$util.urlEncode</c>/<c>urlDecode</c>: Java's URLEncoder and URLDecoder with UTF-8 (form encoding: letters,
/// digits and <c>.-*_</c> stay, space becomes '+', everything else %XX of its UTF-8 bytes).
/// </summary>
internal static class UrlCodec
{
    public static string Encode(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '*' or '_')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }

        return sb.ToString();
    }

    /// <summary>False for a malformed escape (Java throws IllegalArgumentException).</summary>
    public static bool TryDecode(string s, out string decoded)
    {
        var sb = new StringBuilder(s.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '%')
            {
                bytes.Clear();
                while (i < s.Length && s[i] == '%')
                {
                    if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                    {
                        decoded = "";
                        return false;
                    }

                    bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                    i += 3;
                }

                sb.Append(Encoding.UTF8.GetString([.. bytes]));
                continue;
            }

            sb.Append(c == '+' ? ' ' : c);
            i++;
        }

        decoded = sb.ToString();
        return true;
    }
}
