using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>
/// Terms matched against the raw message, case-sensitively: every plain term must occur, at least one of the
/// <c>?term</c>s (when there are any), and none of the <c>-term</c>s. A term is a word or a quoted phrase.
/// </summary>
internal sealed class TermMatcher(string[] required, string[] anyOf, string[] excluded) : IEventMatcher
{
    public IReadOnlyList<string> Required => required;

    public IReadOnlyList<string> AnyOf => anyOf;

    public IReadOnlyList<string> Excluded => excluded;

    public bool Matches(string message)
    {
        foreach (var term in required)
        {
            if (!message.Contains(term, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var term in excluded)
        {
            if (message.Contains(term, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (anyOf.Length == 0)
        {
            return true;
        }

        foreach (var term in anyOf)
        {
            if (message.Contains(term, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParse(string text, [NotNullWhen(true)] out TermMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        var required = new List<string>();
        var anyOf = new List<string>();
        var excluded = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var target = required;
            if (text[i] is '?' or '-')
            {
                target = text[i] == '?' ? anyOf : excluded;
                var prefix = text[i];
                i++;
                if (i == text.Length || char.IsWhiteSpace(text[i]))
                {
                    error = $"'{prefix}' must be followed by a term";
                    return false;
                }
            }

            if (text[i] == '"')
            {
                if (!TryReadQuoted(text, ref i, out var phrase, out error))
                {
                    return false;
                }

                target.Add(phrase);
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                if (text[i] is '"' or '{' or '}' or '[' or ']')
                {
                    error = $"invalid character '{text[i]}' in term '{text[start..(i + 1)]}': quote terms that contain it";
                    return false;
                }

                i++;
            }

            target.Add(text[start..i]);
        }

        matcher = new TermMatcher([.. required], [.. anyOf], [.. excluded]);
        error = null;
        return true;
    }

    /// <summary>Reads <c>"..."</c> from <paramref name="i"/> (at the opening quote), with <c>\"</c> and <c>\\</c> escapes.</summary>
    internal static bool TryReadQuoted(string text, ref int i, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        var builder = new StringBuilder();
        for (var j = i + 1; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '\\' && j + 1 < text.Length && text[j + 1] is '"' or '\\')
            {
                builder.Append(text[++j]);
            }
            else if (c == '"')
            {
                i = j + 1;
                value = builder.ToString();
                error = null;
                return true;
            }
            else
            {
                builder.Append(c);
            }
        }

        value = null;
        error = "a quoted term is not closed";
        return false;
    }
}
