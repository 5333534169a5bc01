using System.Text.RegularExpressions;
using Gatehouse.Templates;

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
        return new SelectionPattern(pattern, JavaRegex.TryCompile(pattern, wholeMatch: true, MatchTimeout));
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
}
