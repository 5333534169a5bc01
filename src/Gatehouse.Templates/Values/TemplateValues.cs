using System.Globalization;
using System.Text;

namespace Gatehouse.Templates;

/// <summary>
/// What the engine's values are and how Velocity 1.7 (on Java) prints, compares and tests them. Only the engine's own
/// types exist inside a template: string, long, double, bool, <see cref="TemplateMap"/>, <see cref="TemplateList"/>,
/// null, and the engine's internal objects (<c>$input</c>, <c>$util</c>, <c>$foreach</c>, map entries).
/// </summary>
internal static class TemplateValues
{
    /// <summary>Normalises a value handed in by the caller: small integers widen to long, floats to double; any other
    /// .NET object is refused (the engine never reflects on foreign objects).</summary>
    public static object? Check(object? value) => value switch
    {
        null or string or long or double or bool or TemplateMap or TemplateList => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        InternalValue => value,
        _ => throw new ArgumentException($"A template value must be a string, number, bool, TemplateMap or TemplateList, not {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>Java's <c>Double.toString</c>: plain between 10^-3 and 10^7 (always with a fraction), else
    /// computerized scientific notation (<c>1.0E10</c>).</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }

        // Shortest round-trip digits, then placed as Java places them.
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var s = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        var dot = s.IndexOf('.');
        var digits = dot < 0 ? s : s[..dot] + s[(dot + 1)..];
        var pointPos = (dot < 0 ? s.Length : dot) + exponent; // digits before the decimal point
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            pointPos--;
        }

        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var abs = Math.Abs(d);
        var sb = new StringBuilder(24);
        if (negative)
        {
            sb.Append('-');
        }

        if (abs >= 1e-3 && abs < 1e7)
        {
            if (pointPos <= 0)
            {
                sb.Append("0.").Append('0', -pointPos).Append(digits);
            }
            else if (pointPos >= digits.Length)
            {
                sb.Append(digits).Append('0', pointPos - digits.Length).Append(".0");
            }
            else
            {
                sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
            }
        }
        else
        {
            sb.Append(digits[0]).Append('.');
            sb.Append(digits.Length > 1 ? digits[1..] : "0");
            sb.Append('E').Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Velocity 1.7's truth: null and false are false, every other value (even "") is true.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double;

    public static double ToDouble(object value) => value is long l ? l : (double)value;

    /// <summary>
    /// Velocity 1.7's <c>==</c>: numbers compare by value whatever their type; values of one type with equals;
    /// otherwise their strings are compared (<c>1 == "1"</c> is true). API Gateway also treats a missing value as
    /// equal to "" (recorded on AWS: a missing <c>$input.path</c> compares equal to both <c>$null</c> and "").
    /// </summary>
    public static bool AreEqual(object? left, object? right, Func<object?, string> toText)
    {
        if (left is null && right is null)
        {
            return true;
        }

        if (left is null || right is null)
        {
            var other = left ?? right;
            return other is string { Length: 0 };
        }

        if (IsNumber(left) && IsNumber(right))
        {
            return left is long a && right is long b ? a == b : ToDouble(left) == ToDouble(right);
        }

        if (left.GetType() == right.GetType())
        {
            return left switch
            {
                string s => s == (string)right,
                bool b => b == (bool)right,
                _ => ReferenceEquals(left, right) || StructuralEquals(left, right),
            };
        }

        return toText(left) == toText(right);
    }

    /// <summary>Java's equals for maps and lists: same entries, in any order for maps, in order for lists.</summary>
    public static bool StructuralEquals(object? left, object? right, int depth = 0)
    {
        if (depth > 64)
        {
            return false;
        }

        switch (left)
        {
            case null:
                return right is null;
            case long or double when IsNumber(right):
                // Java: Long.equals(Double) is false, but within one JSON document numbers of one kind compare.
                return left.GetType() == right!.GetType() && left.Equals(right);
            case TemplateList a when right is TemplateList b:
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!StructuralEquals(a[i], b[i], depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case TemplateMap m when right is TemplateMap n:
                if (m.Count != n.Count)
                {
                    return false;
                }

                foreach (var (key, value) in m.Entries)
                {
                    if (!n.TryGetValue(key, out var other) || !StructuralEquals(value, other, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return Equals(left, right);
        }
    }
}

/// <summary>The engine's own objects that live inside templates but are not data ($input, $util, $foreach...).</summary>
internal abstract class InternalValue
{
}
