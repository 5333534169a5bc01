using System.Globalization;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// The subset of CloudWatch metric math that GetMetricData evaluates: numbers, the ids of other queries, <c>+ - * / ^</c>,
/// unary minus, parentheses, arrays <c>[m1, m2]</c>, <c>METRICS()</c> (every metric query), <c>ABS</c>, and
/// <c>SUM</c>, <c>AVG</c>, <c>MIN</c>, <c>MAX</c>: of an array, per timestamp; of one time series, one scalar. Between
/// two time series an operator applies at the timestamps both have; a division by zero leaves no value.
/// </summary>
internal static class MetricMath
{
    /// <summary>A value of an expression: a scalar, a time series or an array of time series.</summary>
    internal abstract record Value;

    internal sealed record Scalar(double Number) : Value;

    internal sealed record Series(SortedDictionary<DateTimeOffset, double> Points) : Value;

    internal sealed record SeriesArray(IReadOnlyList<Series> Items) : Value;

    /// <summary>Thrown for an expression that cannot be evaluated; the message says why, for AWS's ValidationError.</summary>
    internal sealed class MathException(string message) : Exception(message);

    /// <summary>
    /// Evaluates <paramref name="expression"/>; <paramref name="resolve"/> gives the value of a query id (null when there
    /// is none), <paramref name="metrics"/> the series of every MetricStat query (for <c>METRICS()</c>).
    /// </summary>
    public static Value Evaluate(string expression, Func<string, Value?> resolve, Func<IReadOnlyList<Series>> metrics)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parser = new Parser(Tokenize(expression), resolve, metrics);
        var value = parser.ParseExpression();
        parser.ExpectEnd();
        return value;
    }

    /// <summary>The ids an expression refers to (for ordering and cycle checks).</summary>
    public static IReadOnlyList<string> References(string expression) =>
        [.. Tokenize(expression).Where(t => t.Kind == TokenKind.Identifier && !IsFunction(t.Text)).Select(t => t.Text).Distinct(StringComparer.Ordinal)];

    private static bool IsFunction(string name) => name is "SUM" or "AVG" or "MIN" or "MAX" or "ABS" or "METRICS";

    private enum TokenKind
    {
        Number,
        Identifier,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                    {
                        i++;
                    }

                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if ("+-*/^()[],".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString(), i));
                i++;
            }
            else
            {
                throw new MathException($"Unexpected character '{c}' at position {i + 1}.");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens, Func<string, Value?> resolve, Func<IReadOnlyList<Series>> metrics)
    {
        private int _next;

        public void ExpectEnd()
        {
            if (_next < tokens.Count)
            {
                throw new MathException($"Unexpected '{tokens[_next].Text}' at position {tokens[_next].Position + 1}.");
            }
        }

        public Value ParseExpression()
        {
            var left = ParseTerm();
            while (TryTake("+") || TryTake("-"))
            {
                var op = tokens[_next - 1].Text[0];
                left = Apply(left, ParseTerm(), op);
            }

            return left;
        }

        private Value ParseTerm()
        {
            var left = ParseUnary();
            while (TryTake("*") || TryTake("/"))
            {
                var op = tokens[_next - 1].Text[0];
                left = Apply(left, ParseUnary(), op);
            }

            return left;
        }

        // A minus sign binds less tightly than a power, as in arithmetic: -m1^2 is -(m1^2).
        private Value ParseUnary() => TryTake("-") ? Apply(new Scalar(0), ParseUnary(), '-') : ParsePower();

        private Value ParsePower()
        {
            var left = ParsePrimary();
            return TryTake("^") ? Apply(left, ParseUnary(), '^') : left;
        }

        private Value ParsePrimary()
        {
            if (_next >= tokens.Count)
            {
                throw new MathException("The expression ends too early.");
            }

            var token = tokens[_next++];
            switch (token.Kind)
            {
                case TokenKind.Number:
                    return double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? new Scalar(number)
                        : throw new MathException($"'{token.Text}' is not a number.");
                case TokenKind.Identifier when IsFunction(token.Text):
                    return ParseFunction(token.Text);
                case TokenKind.Identifier:
                    if (_next < tokens.Count && tokens[_next].Text == "(")
                    {
                        throw new MathException($"Gatehouse does not support the function {token.Text} (supported: SUM, AVG, MIN, MAX, ABS, METRICS).");
                    }

                    return resolve(token.Text) ?? throw new MathException($"Unknown id '{token.Text}'.");
                default:
                    if (token.Text == "(")
                    {
                        var inner = ParseExpression();
                        Expect(")");
                        return inner;
                    }

                    if (token.Text == "[")
                    {
                        var items = new List<Series>();
                        do
                        {
                            items.AddRange(ParseExpression() switch
                            {
                                Series series => [series],
                                SeriesArray array => array.Items,
                                _ => throw new MathException("An array holds time series, not scalars."),
                            });
                        }
                        while (TryTake(","));
                        Expect("]");
                        return new SeriesArray(items);
                    }

                    throw new MathException($"Unexpected '{token.Text}' at position {token.Position + 1}.");
            }
        }

        private Value ParseFunction(string name)
        {
            Expect("(");
            if (name == "METRICS")
            {
                Expect(")");
                return new SeriesArray(metrics());
            }

            var argument = ParseExpression();
            Expect(")");
            if (name == "ABS")
            {
                return Map(argument, Math.Abs);
            }

            Func<IEnumerable<double>, double> aggregate = name switch
            {
                "SUM" => values => values.Sum(),
                "AVG" => values => values.Average(),
                "MIN" => values => values.Min(),
                _ => values => values.Max(),
            };
            return argument switch
            {
                Scalar scalar => scalar,
                Series series => series.Points.Count == 0 ? new Series([]) : new Scalar(aggregate(series.Points.Values)),
                SeriesArray array => new Series(new SortedDictionary<DateTimeOffset, double>(
                    array.Items.SelectMany(s => s.Points).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => aggregate(g.Select(p => p.Value))))),
                _ => throw new MathException($"{name} takes a time series or an array."),
            };
        }

        private bool TryTake(string symbol)
        {
            if (_next < tokens.Count && tokens[_next].Kind == TokenKind.Symbol && tokens[_next].Text == symbol)
            {
                _next++;
                return true;
            }

            return false;
        }

        private void Expect(string symbol)
        {
            if (!TryTake(symbol))
            {
                throw new MathException(_next < tokens.Count
                    ? $"Expected '{symbol}' at position {tokens[_next].Position + 1}, found '{tokens[_next].Text}'."
                    : $"Expected '{symbol}' at the end of the expression.");
            }
        }
    }

    private static Value Map(Value value, Func<double, double> f) => value switch
    {
        Scalar scalar => new Scalar(f(scalar.Number)),
        Series series => MapSeries(series, f),
        SeriesArray array => new SeriesArray([.. array.Items.Select(s => MapSeries(s, f))]),
        _ => throw new MathException("Unsupported value."),
    };

    private static Series MapSeries(Series series, Func<double, double> f)
    {
        var points = new SortedDictionary<DateTimeOffset, double>();
        foreach (var (time, number) in series.Points)
        {
            var result = f(number);
            if (double.IsFinite(result))
            {
                points[time] = result;
            }
        }

        return new Series(points);
    }

    private static Value Apply(Value left, Value right, char op)
    {
        Func<double, double, double> f = op switch
        {
            '+' => (a, b) => a + b,
            '-' => (a, b) => a - b,
            '*' => (a, b) => a * b,
            '/' => (a, b) => a / b,
            _ => Math.Pow,
        };
        return (left, right) switch
        {
            (Scalar a, Scalar b) => new Scalar(f(a.Number, b.Number)),
            (Series a, Scalar b) => MapSeries(a, x => f(x, b.Number)),
            (Scalar a, Series b) => MapSeries(b, x => f(a.Number, x)),
            (Series a, Series b) => Combine(a, b, f),
            (SeriesArray a, Scalar b) => new SeriesArray([.. a.Items.Select(s => MapSeries(s, x => f(x, b.Number)))]),
            (Scalar a, SeriesArray b) => new SeriesArray([.. b.Items.Select(s => MapSeries(s, x => f(a.Number, x)))]),
            (SeriesArray a, Series b) => new SeriesArray([.. a.Items.Select(s => Combine(s, b, f))]),
            (Series a, SeriesArray b) => new SeriesArray([.. b.Items.Select(s => Combine(a, s, f))]),
            _ => throw new MathException($"The operator {op} does not apply to two arrays."),
        };
    }

    private static Series Combine(Series a, Series b, Func<double, double, double> f)
    {
        var points = new SortedDictionary<DateTimeOffset, double>();
        foreach (var (time, x) in a.Points)
        {
            if (b.Points.TryGetValue(time, out var y) && f(x, y) is var result && double.IsFinite(result))
            {
                points[time] = result;
            }
        }

        return new Series(points);
    }
}
