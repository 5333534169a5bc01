namespace Gatehouse.Identity.Policies;

/// <summary>
/// An IAM wildcard pattern: <c>*</c> matches any run of characters (<c>/</c> included, and none), <c>?</c> exactly one.
/// Matching walks the text once, going back only to the last <c>*</c>: no regular expressions, no exponential cases.
/// </summary>
public sealed class WildcardPattern
{
    private readonly string _pattern;
    private readonly bool _ignoreCase;
    private readonly bool _matchesEverything;
    private readonly bool _literal;

    public WildcardPattern(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        _pattern = pattern;
        _ignoreCase = ignoreCase;
        _matchesEverything = pattern.Length > 0 && pattern.All(c => c == '*');
        _literal = pattern.IndexOfAny(['*', '?']) < 0;
    }

    public string Pattern => _pattern;

    public bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_matchesEverything)
        {
            return true;
        }

        if (_literal)
        {
            return string.Equals(_pattern, text, _ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }

        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < _pattern.Length && (_pattern[p] == '?' || (_pattern[p] != '*' && Same(_pattern[p], text[t]))))
            {
                p++;
                t++;
            }
            else if (p < _pattern.Length && _pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < _pattern.Length && _pattern[p] == '*')
        {
            p++;
        }

        return p == _pattern.Length;
    }

    public override string ToString() => _pattern;

    private bool Same(char a, char b) => a == b || (_ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
