using System.Diagnostics.CodeAnalysis;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>
/// A CloudWatch Logs filter pattern, compiled once per call: terms (<c>ERROR "bad request" ?WARN -health</c>) matched
/// against the raw message, a JSON pattern (<c>{ $.status &gt;= 500 &amp;&amp; $.path = "/api/*" }</c>) evaluated
/// on messages that are JSON objects, or a space-delimited pattern (<c>[ip, user, ..., status = 5*, bytes]</c>) on
/// messages made of fields. The empty pattern matches every event.
/// </summary>
public sealed class FilterPattern
{
    private readonly IEventMatcher? _matcher;

    private FilterPattern(string text, IEventMatcher? matcher)
    {
        Text = text;
        _matcher = matcher;
    }

    /// <summary>The pattern that matches everything.</summary>
    public static FilterPattern All { get; } = new("", null);

    public string Text { get; }

    /// <summary>Whether this pattern matches every event (no filtering needed).</summary>
    public bool MatchesAll => _matcher is null;

    /// <summary>
    /// Compiles <paramref name="text"/>; false with a description of the mistake when it is not a valid pattern (AWS
    /// answers every such mistake with <c>InvalidParameterException: Invalid filter pattern</c>).
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FilterPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            pattern = All;
            error = null;
            return true;
        }

        var trimmed = text.Trim();
        IEventMatcher? matcher;
        if (trimmed[0] == '{')
        {
            matcher = JsonPatternParser.TryParse(trimmed, out var json, out error) ? json : null;
        }
        else if (trimmed[0] == '[')
        {
            matcher = SpaceDelimitedMatcher.TryParse(trimmed, out var fields, out error) ? fields : null;
        }
        else
        {
            matcher = TermMatcher.TryParse(trimmed, out var terms, out error) ? terms : null;
        }

        if (matcher is null)
        {
            error ??= "invalid filter pattern";
            return false;
        }

        pattern = new FilterPattern(text, matcher);
        return true;
    }

    public bool Matches(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _matcher is null || _matcher.Matches(message);
    }
}

/// <summary>One compiled kind of pattern.</summary>
internal interface IEventMatcher
{
    bool Matches(string message);
}
