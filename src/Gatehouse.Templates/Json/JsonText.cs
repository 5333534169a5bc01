using System.Globalization;
using System.Text;

namespace Gatehouse.Templates;

/// <summary>
/// Writes engine values as compact JSON, as API Gateway's JSON library does for <c>$input.json</c> and JSON arrays:
/// no spaces, keys in order, numbers as Java prints them, strings with JSON escapes and other characters as they are
/// (but U+007F-U+009F and U+2000-U+20FF, which json-smart escapes).
/// </summary>
internal static class JsonText
{
    private const int MaxDepth = 100;

    public static string Write(object? value, int maxLength)
    {
        var sb = new StringBuilder();
        Append(sb, value, 0, maxLength);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, object? value, int depth, int maxLength)
    {
        if (depth > MaxDepth)
        {
            throw new TemplateRuntimeException(RenderErrorKind.DepthExceeded, "a value is nested too deeply to write as JSON");
        }

        if (sb.Length > maxLength)
        {
            throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, "a value is too large to write as JSON");
        }

        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                AppendString(sb, s);
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(double.IsFinite(d) ? TemplateValues.FormatDouble(d) : "null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case TemplateMap map:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in map.Entries)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    AppendString(sb, key);
                    sb.Append(':');
                    Append(sb, item, depth + 1, maxLength);
                }

                sb.Append('}');
                break;
            case TemplateList list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Append(sb, list[i], depth + 1, maxLength);
                }

                sb.Append(']');
                break;
            default:
                AppendString(sb, ValueText.ToText(value, maxLength));
                break;
        }
    }

    public static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    // json-smart (API Gateway's JSON writer) also escapes U+007F-U+009F and U+2000-U+20FF.
                    if (c < 0x20 || c is >= '\u007f' and <= '\u009f' or >= '\u2000' and <= '\u20ff')
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

        sb.Append('"');
    }
}
