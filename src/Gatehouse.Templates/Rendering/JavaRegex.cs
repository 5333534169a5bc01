using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.Templates;

/// <summary>
/// Java regular expressions (String.matches, replaceAll, replaceFirst, split; API Gateway's selection patterns and
/// identity validation expressions) on .NET's engine, with a timeout so a pathological pattern cannot hang a request.
/// The dialects agree on most of what APIs use; what differs is translated: <c>\Q...\E</c> quoting, Java's dot (which
/// stops at every line terminator, not only <c>\n</c>) and Java's replacement syntax (<c>$1</c>, <c>\$</c>).
/// </summary>
public static class JavaRegex
{
    private const string JavaDot = @"[^\n\r\u0085\u2028\u2029]";

    /// <summary>The pattern compiled, or null when it is not a valid regular expression.</summary>
    /// <param name="wholeMatch">Match the whole input, as Java's <c>String.matches</c>.</param>
    public static Regex? TryCompile(string pattern, bool wholeMatch, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var translated = Translate(pattern);
        try
        {
            if (!wholeMatch)
            {
                return new Regex(translated, RegexOptions.CultureInvariant, timeout);
            }

            // Parsed alone first: an unbalanced pattern such as a)|(b must not close the anchoring group and pass.
            _ = new Regex(translated, RegexOptions.CultureInvariant, timeout);
            return new Regex($"\\A(?:{translated})\\z", RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    internal static Regex Compile(string pattern, bool wholeMatch, TimeSpan timeout) =>
        TryCompile(pattern, wholeMatch, timeout)
            ?? throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"invalid regular expression '{pattern}'");

    /// <summary>Java's replacement string in .NET's syntax: <c>$n</c> and <c>${name}</c> refer to groups, a
    /// backslash quotes the next character; a literal '$' becomes <c>$$</c>.</summary>
    internal static string TranslateReplacement(string replacement, Regex regex)
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
    internal static List<string> Split(string input, Regex regex, int limit)
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

    // Java syntax in .NET's: \Q...\E quoted literally; an unescaped '.' outside a character class as Java's dot, unless
    // the pattern turns on DOTALL with an inline (?s) flag.
    private static string Translate(string pattern)
    {
        var dotAll = pattern.Contains("(?", StringComparison.Ordinal) &&
            Regex.IsMatch(pattern, @"\(\?[a-zA-Z]*s[a-zA-Z-]*[:)]", RegexOptions.None, TimeSpan.FromMilliseconds(100));
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                if (pattern[i + 1] == 'Q')
                {
                    var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                    var quoted = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                    sb.Append(Regex.Escape(quoted));
                    i = end < 0 ? pattern.Length : end + 1;
                    continue;
                }

                sb.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (c == '[')
            {
                inClass++;
            }
            else if (c == ']' && inClass > 0)
            {
                inClass--;
            }
            else if (c == '.' && inClass == 0 && !dotAll)
            {
                sb.Append(JavaDot);
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
