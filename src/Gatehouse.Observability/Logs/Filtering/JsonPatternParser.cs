using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>
/// Parses <c>{ condition }</c>: conditions are <c>selector op value</c>, <c>selector IS NULL|TRUE|FALSE</c> or
/// <c>selector NOT EXISTS</c>, joined by <c>&amp;&amp;</c> (binding tighter) and <c>||</c>, grouped with parentheses.
/// Values are numbers, quoted strings, bare words (letters, digits and <c>_-.*:/@</c>) or <c>%regex%</c>.
/// </summary>
internal sealed class JsonPatternParser
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly string _text;
    private int _i;

    private JsonPatternParser(string text) => _text = text;

    public static bool TryParse(string text, [NotNullWhen(true)] out JsonMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        var parser = new JsonPatternParser(text.Trim());
        try
        {
            parser.Expect('{');
            var condition = parser.ParseOr();
            parser.Expect('}');
            parser.SkipSpace();
            if (parser._i != parser._text.Length)
            {
                throw parser.Error("unexpected text after the closing '}'");
            }

            matcher = new JsonMatcher(condition);
            error = null;
            return true;
        }
        catch (PatternSyntaxException e)
        {
            error = e.Message;
            return false;
        }
    }

    private JsonCondition ParseOr()
    {
        var left = ParseAnd();
        while (TryConsume("||"))
        {
            left = new OrCondition(left, ParseAnd());
        }

        return left;
    }

    private JsonCondition ParseAnd()
    {
        var left = ParsePrimary();
        while (TryConsume("&&"))
        {
            left = new AndCondition(left, ParsePrimary());
        }

        return left;
    }

    private JsonCondition ParsePrimary()
    {
        SkipSpace();
        if (TryConsume("("))
        {
            var inner = ParseOr();
            Expect(')');
            return inner;
        }

        var selector = ParseSelector();
        SkipSpace();
        if (TryConsumeWord("IS"))
        {
            if (TryConsumeWord("NULL"))
            {
                return new ValueTestCondition(selector, ValueTest.IsNull);
            }

            if (TryConsumeWord("TRUE"))
            {
                return new ValueTestCondition(selector, ValueTest.IsTrue);
            }

            if (TryConsumeWord("FALSE"))
            {
                return new ValueTestCondition(selector, ValueTest.IsFalse);
            }

            throw Error("IS must be followed by NULL, TRUE or FALSE");
        }

        if (TryConsumeWord("NOT"))
        {
            return TryConsumeWord("EXISTS") ? new ValueTestCondition(selector, ValueTest.NotExists) : throw Error("NOT must be followed by EXISTS");
        }

        var op = ParseOperator();
        SkipSpace();
        if (Peek() == '"')
        {
            var start = _i;
            if (!TermMatcher.TryReadQuoted(_text, ref _i, out var quoted, out var quoteError))
            {
                _i = start;
                throw Error(quoteError);
            }

            return ComparisonCondition.Text(selector, EqualityOf(op, "a string"), quoted);
        }

        if (Peek() == '%')
        {
            return ComparisonCondition.Pattern(selector, EqualityOf(op, "a regular expression"), ParseRegex());
        }

        var word = ReadBareWord();
        if (word.Length == 0)
        {
            throw Error("a value must follow the operator");
        }

        if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && (char.IsAsciiDigit(word[0]) || word[0] is '-' or '+' or '.'))
        {
            return ComparisonCondition.Numeric(selector, op, number);
        }

        return ComparisonCondition.Text(selector, EqualityOf(op, "a string"), word);
    }

    private bool EqualityOf(ComparisonOperator op, string what) => op switch
    {
        ComparisonOperator.Equal => true,
        ComparisonOperator.NotEqual => false,
        _ => throw Error($"only = and != compare {what}"),
    };

    private JsonSelector ParseSelector()
    {
        var start = _i;
        if (Peek() != '$')
        {
            throw Error("a condition must start with a selector such as $.field");
        }

        _i++;
        var steps = new List<JsonSelector.Step>();
        while (_i < _text.Length)
        {
            var c = _text[_i];
            if (c == '.')
            {
                _i++;
                if (Peek() == '*')
                {
                    _i++;
                    steps.Add(new JsonSelector.Step(JsonSelector.StepKind.Wildcard, null, 0));
                    continue;
                }

                var nameStart = _i;
                while (_i < _text.Length && IsNameChar(_text[_i]))
                {
                    _i++;
                }

                if (_i == nameStart)
                {
                    throw Error("a name must follow '.' in a selector");
                }

                steps.Add(new JsonSelector.Step(JsonSelector.StepKind.Member, _text[nameStart.._i], 0));
            }
            else if (c == '[')
            {
                _i++;
                steps.Add(ParseBracketStep());
            }
            else
            {
                break;
            }
        }

        if (steps.Count == 0)
        {
            throw Error("a selector must name a field: $.field");
        }

        return new JsonSelector(_text[start.._i], steps);
    }

    private JsonSelector.Step ParseBracketStep()
    {
        JsonSelector.Step step;
        if (Peek() == '*')
        {
            _i++;
            step = new JsonSelector.Step(JsonSelector.StepKind.Wildcard, null, 0);
        }
        else if (Peek() is '\'' or '"')
        {
            var quote = _text[_i];
            var end = _text.IndexOf(quote, _i + 1);
            if (end < 0)
            {
                throw Error("a quoted name in a selector is not closed");
            }

            step = new JsonSelector.Step(JsonSelector.StepKind.Member, _text[(_i + 1)..end], 0);
            _i = end + 1;
        }
        else
        {
            var start = _i;
            while (_i < _text.Length && char.IsAsciiDigit(_text[_i]))
            {
                _i++;
            }

            if (_i == start || !int.TryParse(_text.AsSpan(start, _i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw Error("an array index must be a number or *");
            }

            step = new JsonSelector.Step(JsonSelector.StepKind.Index, null, index);
        }

        Expect(']');
        return step;
    }

    private ComparisonOperator ParseOperator()
    {
        if (TryConsume("!="))
        {
            return ComparisonOperator.NotEqual;
        }

        if (TryConsume("<="))
        {
            return ComparisonOperator.LessOrEqual;
        }

        if (TryConsume(">="))
        {
            return ComparisonOperator.GreaterOrEqual;
        }

        if (TryConsume("="))
        {
            return ComparisonOperator.Equal;
        }

        if (TryConsume("<"))
        {
            return ComparisonOperator.Less;
        }

        return TryConsume(">") ? ComparisonOperator.Greater : throw Error("expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS");
    }

    private Regex ParseRegex()
    {
        var start = ++_i;
        while (_i < _text.Length && _text[_i] != '%')
        {
            _i += _text[_i] == '\\' ? 2 : 1;
        }

        if (_i >= _text.Length)
        {
            throw Error("a %regular expression% is not closed");
        }

        var source = _text[start.._i].Replace("\\%", "%", StringComparison.Ordinal);
        _i++;
        try
        {
            return new Regex(source, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw Error($"invalid regular expression: {e.Message}");
        }
    }

    private string ReadBareWord()
    {
        var start = _i;
        while (_i < _text.Length && (char.IsLetterOrDigit(_text[_i]) || _text[_i] is '_' or '-' or '+' or '.' or '*' or ':' or '/' or '@'))
        {
            _i++;
        }

        return _text[start.._i];
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '@' or ':' or '$';

    private char Peek() => _i < _text.Length ? _text[_i] : '\0';

    private void SkipSpace()
    {
        while (_i < _text.Length && char.IsWhiteSpace(_text[_i]))
        {
            _i++;
        }
    }

    private bool TryConsume(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _i, token, 0, token.Length) == 0)
        {
            _i += token.Length;
            return true;
        }

        return false;
    }

    private bool TryConsumeWord(string word)
    {
        SkipSpace();
        var end = _i + word.Length;
        if (end <= _text.Length && string.Compare(_text, _i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
            (end == _text.Length || !char.IsLetterOrDigit(_text[end])))
        {
            _i = end;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _i++;
    }

    private PatternSyntaxException Error(string message) =>
        new($"{message} at position {_i + 1}");

    private sealed class PatternSyntaxException(string message) : Exception(message);
}
