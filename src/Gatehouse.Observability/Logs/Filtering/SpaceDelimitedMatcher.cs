using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>
/// A space-delimited pattern, for logs such as the Common Log Format: <c>[ip, user, username, timestamp, request,
/// status = 5*, bytes &gt; 1000]</c>. The message is split at spaces, a <c>"quoted"</c> or <c>[bracketed]</c> run
/// being one field (without its delimiters); the pattern names each field in order and may put conditions on it
/// (<c>= != &lt; &lt;= &gt; &gt;=</c>, <c>*</c> wildcards in strings, <c>&amp;&amp;</c> and <c>||</c>); <c>...</c>
/// stands for any number of fields. Without <c>...</c> the message must have exactly as many fields as the pattern.
/// </summary>
internal sealed class SpaceDelimitedMatcher(SpaceDelimitedMatcher.Field[] fields) : IEventMatcher
{
    public bool Matches(string message)
    {
        var values = Split(message);
        return Match(0, 0, values);
    }

    private bool Match(int field, int value, List<string> values)
    {
        if (field == fields.Length)
        {
            return value == values.Count;
        }

        var spec = fields[field];
        if (spec.IsEllipsis)
        {
            for (var skip = value; skip <= values.Count; skip++)
            {
                if (Match(field + 1, skip, values))
                {
                    return true;
                }
            }

            return false;
        }

        return value < values.Count && spec.Holds(values[value]) && Match(field + 1, value + 1, values);
    }

    internal static List<string> Split(string message)
    {
        var values = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < message.Length && char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            if (i == message.Length)
            {
                return values;
            }

            var close = message[i] switch
            {
                '"' => '"',
                '[' => ']',
                _ => '\0',
            };
            if (close != '\0')
            {
                var end = message.IndexOf(close, i + 1);
                if (end > 0)
                {
                    values.Add(message[(i + 1)..end]);
                    i = end + 1;
                    continue;
                }
            }

            var start = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            values.Add(message[start..i]);
        }
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out SpaceDelimitedMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        text = text.Trim();
        if (text.Length < 2 || text[^1] != ']')
        {
            error = "a space-delimited pattern must end with ']'";
            return false;
        }

        var fields = new List<Field>();
        foreach (var part in SplitFields(text[1..^1]))
        {
            var spec = part.Trim();
            if (spec.Length == 0)
            {
                error = "a field of a space-delimited pattern is empty";
                return false;
            }

            if (spec == "...")
            {
                fields.Add(Field.Ellipsis);
                continue;
            }

            if (!Field.TryParse(spec, out var field, out error))
            {
                return false;
            }

            fields.Add(field);
        }

        matcher = new SpaceDelimitedMatcher([.. fields]);
        error = null;
        return true;
    }

    /// <summary>The pattern's fields: split at commas outside quotes.</summary>
    private static List<string> SplitFields(string body)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '"')
            {
                quoted = !quoted;
            }
            else if (body[i] == ',' && !quoted)
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }

        parts.Add(body[start..]);
        return parts;
    }

    /// <summary>One field of the pattern: a name, and conditions (an OR of ANDs) or none.</summary>
    internal sealed class Field(bool isEllipsis, List<List<Condition>> anyOf)
    {
        public static Field Ellipsis { get; } = new(true, []);

        public bool IsEllipsis { get; } = isEllipsis;

        public bool Holds(string value)
        {
            if (anyOf.Count == 0)
            {
                return true;
            }

            foreach (var all in anyOf)
            {
                if (all.TrueForAll(c => c.Holds(value)))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool TryParse(string spec, [NotNullWhen(true)] out Field? field, [NotNullWhen(false)] out string? error)
        {
            field = null;
            var anyOf = new List<List<Condition>>();
            foreach (var alternative in spec.Split("||"))
            {
                var all = new List<Condition>();
                foreach (var part in alternative.Split("&&"))
                {
                    var condition = part.Trim();
                    var op = condition.IndexOfAny(['=', '!', '<', '>']);
                    var name = (op < 0 ? condition : condition[..op]).Trim();
                    if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
                    {
                        error = $"'{condition}' is not a field name or a condition on one";
                        return false;
                    }

                    if (op < 0)
                    {
                        if (spec.Contains("&&", StringComparison.Ordinal) || spec.Contains("||", StringComparison.Ordinal))
                        {
                            error = $"'{condition}' has no operator";
                            return false;
                        }

                        field = new Field(false, []);
                        error = null;
                        return true;
                    }

                    if (!Condition.TryParse(condition[op..], out var parsed, out error))
                    {
                        return false;
                    }

                    all.Add(parsed);
                }

                anyOf.Add(all);
            }

            field = new Field(false, anyOf);
            error = null;
            return true;
        }
    }

    /// <summary><c>op value</c> on one field's text: numeric for numbers, wildcard text for strings.</summary>
    internal sealed class Condition(ComparisonOperator op, double? number, string[]? wildcard)
    {
        public bool Holds(string value)
        {
            if (number is { } n)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var actual))
                {
                    return false;
                }

                return op switch
                {
                    ComparisonOperator.Equal => actual == n,
                    ComparisonOperator.NotEqual => actual != n,
                    ComparisonOperator.Less => actual < n,
                    ComparisonOperator.LessOrEqual => actual <= n,
                    ComparisonOperator.Greater => actual > n,
                    _ => actual >= n,
                };
            }

            var equal = ComparisonCondition.WildcardEquals(value, wildcard!);
            return op == ComparisonOperator.Equal ? equal : !equal;
        }

        public static bool TryParse(string text, [NotNullWhen(true)] out Condition? condition, [NotNullWhen(false)] out string? error)
        {
            condition = null;
            var (op, length) = text switch
            {
                _ when text.StartsWith("!=", StringComparison.Ordinal) => (ComparisonOperator.NotEqual, 2),
                _ when text.StartsWith("<=", StringComparison.Ordinal) => (ComparisonOperator.LessOrEqual, 2),
                _ when text.StartsWith(">=", StringComparison.Ordinal) => (ComparisonOperator.GreaterOrEqual, 2),
                _ when text.StartsWith('=') => (ComparisonOperator.Equal, 1),
                _ when text.StartsWith('<') => (ComparisonOperator.Less, 1),
                _ when text.StartsWith('>') => (ComparisonOperator.Greater, 1),
                _ => (ComparisonOperator.Equal, 0),
            };
            var value = text[length..].Trim();
            if (length == 0 || value.Length == 0)
            {
                error = $"'{text}' is not a condition";
                return false;
            }

            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                condition = new Condition(op, number, null);
                error = null;
                return true;
            }

            if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            {
                error = $"only = and != compare a string: '{text}'";
                return false;
            }

            condition = new Condition(op, null, value.Split('*'));
            error = null;
            return true;
        }
    }
}
