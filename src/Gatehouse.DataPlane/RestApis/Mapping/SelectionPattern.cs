using System.Text;
using System.Text.RegularExpressions;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An integration response's <c>selectionPattern</c>: a Java regular expression that must match the whole value, as
/// Java's <c>String.matches</c> (botocore's IntegrationResponse.selectionPattern: "make sure that the error response
/// does not contain any newline"). Java's <c>.</c> stops at every line terminator (<c>\n</c>, <c>\r</c>,
/// <c>\u0085</c>, <c>\u2028</c>, <c>\u2029</c>), .NET's only at <c>\n</c>, so the dot is translated; <c>\Q...\E</c>
/// quoting too. Matching runs with a timeout: a pathological pattern fails to match instead of hanging a request.
/// </summary>
public sealed class SelectionPattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private const string JavaDot = @"[^\n\r\u0085\u2028\u2029]";

    private readonly Regex? _regex;

    private SelectionPattern(string pattern, Regex? regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>False when the pattern is not a valid regular expression (it then matches nothing).</summary>
    public bool IsValid => _regex is not null;

    public static SelectionPattern Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            // Parsed alone first: a pattern that is not balanced (a)|(b) must not close the anchoring group.
            var translated = Translate(pattern);
            _ = new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout);
            var regex = new Regex($"\\A(?:{translated})\\z", RegexOptions.CultureInvariant, MatchTimeout);
            return new SelectionPattern(pattern, regex);
        }
        catch (ArgumentException)
        {
            return new SelectionPattern(pattern, null);
        }
    }

    /// <summary>True when the pattern matches the whole of <paramref name="value"/>.</summary>
    public bool Matches(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_regex is null)
        {
            return false;
        }

        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Java syntax in .NET's: \Q...\E quoted literally; an unescaped '.' outside a character class as Java's dot, unless
    // the pattern turns on DOTALL with an inline (?s) flag.
    private static string Translate(string pattern)
    {
        var dotAll = Regex.IsMatch(pattern, @"\(\?[a-zA-Z]*s[a-zA-Z-]*[:)]", RegexOptions.None, MatchTimeout);
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
