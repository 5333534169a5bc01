using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.Templates;

/// <summary>
/// Java regular expressions (String.matches, replaceAll, replaceFirst, split) on .NET's engine, with a timeout so a
/// pathological pattern cannot hang a request. The dialects agree on what templates use; <c>\Q...\E</c> quoting
/// and Java's replacement syntax (<c>$1</c>, <c>\$</c>) are translated.
/// </summary>
internal static class JavaRegex
{
    public static Regex Compile(string pattern, bool wholeMatch, TimeSpan timeout)
    {
        var translated = TranslateQuoting(pattern);
        if (wholeMatch)
        {
            translated = $"\\A(?:{translated})\\z";
        }

        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    /// <summary>Java's replacement string in .NET's syntax: <c>$n</c> and <c>${name}</c> refer to groups, a
    /// backslash quotes the next character; a literal '$' becomes <c>$$</c>.</summary>
    public static string TranslateReplacement(string replacement, Regex regex)
    {
        if (replacement.IndexOfAny(['$', '\\']) < 0)
        {
            return replacement;
        }

        var groups = regex.GetGroupNumbers().Max();
        var sb = new StringBuilder(replacement.Length + 8);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\')
            {
                if (++i >= replacement.Length)
                {
                    throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "character to be escaped is missing in a replacement");
                }

                sb.Append(replacement[i] == '$' ? "$$" : replacement[i].ToString());
            }
            else if (c == '$')
            {
                if (i + 1 < replacement.Length && replacement[i + 1] == '{')
                {
                    var close = replacement.IndexOf('}', i + 2);
                    if (close < 0)
                    {
                        throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "named capturing group is missing trailing '}'");
                    }

                    sb.Append(replacement, i, close - i + 1);
                    i = close;
                    continue;
                }

                if (i + 1 >= replacement.Length || !char.IsAsciiDigit(replacement[i + 1]))
                {
                    throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "illegal group reference in a replacement");
                }

                // Java reads the first digit, then more digits while the group exists.
                var number = replacement[++i] - '0';
                while (i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]) && number * 10 + (replacement[i + 1] - '0') <= groups)
                {
                    number = number * 10 + (replacement[++i] - '0');
                }

                if (number > groups)
                {
                    throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"no group {number} in the pattern");
                }

                sb.Append("${").Append(number).Append('}');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Java's String.split: matches split the text, trailing empty strings are dropped, and a zero-width
    /// match at the start yields no leading empty string.</summary>
    public static List<string> Split(string input, Regex regex, int limit)
    {
        var parts = new List<string>();
        var index = 0;
        for (var match = regex.Match(input); match.Success; match = match.NextMatch())
        {
            if (limit > 0 && parts.Count >= limit - 1)
            {
                break;
            }

            if (index == 0 && match.Index == 0 && match.Length == 0)
            {
                continue;
            }

            parts.Add(input[index..match.Index]);
            index = match.Index + match.Length;
        }

        if (index == 0)
        {
            return [input];
        }

        parts.Add(input[index..]);
        if (limit == 0)
        {
            while (parts.Count > 0 && parts[^1].Length == 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
        }

        return parts;
    }

    private static string TranslateQuoting(string pattern)
    {
        var start = pattern.IndexOf("\\Q", StringComparison.Ordinal);
        if (start < 0)
        {
            return pattern;
        }

        var sb = new StringBuilder();
        var i = 0;
        while (start >= 0)
        {
            sb.Append(pattern, i, start - i);
            var end = pattern.IndexOf("\\E", start + 2, StringComparison.Ordinal);
            var quoted = end < 0 ? pattern[(start + 2)..] : pattern[(start + 2)..end];
            sb.Append(Regex.Escape(quoted));
            i = end < 0 ? pattern.Length : end + 2;
            start = end < 0 ? -1 : pattern.IndexOf("\\Q", i, StringComparison.Ordinal);
        }

        sb.Append(pattern, i, pattern.Length - i);
        return sb.ToString();
    }
}
