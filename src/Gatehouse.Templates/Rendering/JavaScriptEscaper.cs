using System.Globalization;
using System.Text;

namespace Gatehouse.Templates;

/// <summary>
/// <c>$util.escapeJavaScript</c>: Apache Commons Lang's <c>StringEscapeUtils.escapeJavaScript</c>, which API Gateway
/// documents. Quotes (both), backslash and '/' get a backslash; \b \t \n \f \r their escapes; other control
/// characters and every character past ASCII become <c>\uXXXX</c> (upper-case hex).
/// </summary>
internal static class JavaScriptEscaper
{
    public static string Escape(string s)
    {
        var i = 0;
        while (i < s.Length && s[i] >= 0x20 && s[i] < 0x7f && s[i] is not ('"' or '\'' or '\\' or '/'))
        {
            i++;
        }

        if (i == s.Length)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 16);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\'': sb.Append("\\'"); break;
                case '\\': sb.Append("\\\\"); break;
                case '/': sb.Append("\\/"); break;
                case '\b': sb.Append("\\b"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || c > 0x7f)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
