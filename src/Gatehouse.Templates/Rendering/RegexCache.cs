using System.Text.RegularExpressions;

namespace Gatehouse.Templates;

/// <summary>
/// Remembers the last Java regular expression compiled at one call site. Templates pass literal patterns almost
/// always, so one slot per call site hits; it is swapped atomically, so concurrent renders share it safely.
/// </summary>
internal sealed class RegexCache
{
    private sealed record Entry(string Pattern, bool WholeMatch, Regex Regex);

    private Entry? _last;

    public Regex Get(string pattern, bool wholeMatch, TimeSpan timeout)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.WholeMatch == wholeMatch && last.Pattern == pattern)
        {
            return last.Regex;
        }

        var regex = JavaRegex.Compile(pattern, wholeMatch, timeout);
        Volatile.Write(ref _last, new Entry(pattern, wholeMatch, regex));
        return regex;
    }
}
