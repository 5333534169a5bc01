using System.Globalization;
using System.Text;

namespace Gatehouse.Templates;

/// <summary>
/// How a value prints when a template renders it, as Java's toString does inside API Gateway: a map prints
/// <c>{key=value, other=value}</c>, a JSON array prints as JSON, a list built by the template prints
/// <c>[a, b]</c>, numbers print as Java prints them.
/// </summary>
internal static class ValueText
{
    private const int MaxDepth = 100;

    public static string ToText(object? value, int maxLength)
    {
        switch (value)
        {
            case string s:
                return s;
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case double d:
                return TemplateValues.FormatDouble(d);
            case bool b:
                return b ? "true" : "false";
            case null:
                return "";
            default:
                var sb = new StringBuilder();
                Append(sb, value, 0, maxLength);
                return sb.ToString();
        }
    }

    public static void Append(StringBuilder sb, object? value, int depth, int maxLength)
    {
        if (depth > MaxDepth)
        {
            throw new TemplateRuntimeException(RenderErrorKind.DepthExceeded, "a value is nested too deeply to print");
        }

        if (sb.Length > maxLength)
        {
            throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, "a value is too large to print");
        }

        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                sb.Append(s);
                break;
            case long or double or bool:
                sb.Append(ToText(value, maxLength));
                break;
            case TemplateMap map:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in map.Entries)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(key).Append('=');
                    if (ReferenceEquals(item, map))
                    {
                        sb.Append("(this Map)");
                    }
                    else
                    {
                        Append(sb, item, depth + 1, maxLength);
                    }
                }

                sb.Append('}');
                break;
            case TemplateList { IsJson: true } json:
                JsonText.Append(sb, json, depth, maxLength);
                break;
            case TemplateList list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    if (ReferenceEquals(list[i], list))
                    {
                        sb.Append("(this Collection)");
                    }
                    else
                    {
                        Append(sb, list[i], depth + 1, maxLength);
                    }
                }

                sb.Append(']');
                break;
            case InternalValue internalValue:
                sb.Append(internalValue.ToString());
                break;
            default:
                sb.Append(value.ToString());
                break;
        }
    }
}
