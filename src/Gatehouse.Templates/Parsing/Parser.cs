using System.Globalization;
using System.Text;

namespace Gatehouse.Templates.Parsing;

/// <summary>
/// A recursive-descent parser of Velocity 1.7 templates. Whitespace follows Velocity 1.x: a directive's closing
/// parenthesis, <c>#else</c> and <c>#end</c> swallow the spaces and one line break after them; <c>#set</c> also
/// swallows the indentation before it; <c>##</c> comments swallow their line break. Nesting is bounded so that no
/// input can overflow the stack.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Directives =
        ["set", "if", "elseif", "else", "end", "foreach", "break", "stop", "define", "macro", "parse", "include", "evaluate"];

    private readonly string _s;
    private readonly int[] _lineStarts;
    private readonly int _maxDepth;
    private readonly Dictionary<string, Macro> _macros;
    private int _pos;
    private int _end;
    private char _quote; // inside an interpolated string literal: its quote, which doubled stands for itself
    private int _depth;

    public Parser(string source, int maxDepth)
    {
        _s = source;
        _end = source.Length;
        _maxDepth = maxDepth;
        _macros = new Dictionary<string, Macro>(StringComparer.Ordinal);
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n' || (source[i] == '\r' && (i + 1 >= source.Length || source[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public IReadOnlyDictionary<string, Macro> Macros => _macros;

    public Node[] ParseTemplate()
    {
        var nodes = ParseBlock(out var terminator, out var at);
        if (terminator is not null)
        {
            throw new ParseException($"#{terminator} without a matching #if, #foreach, #define or #macro", at);
        }

        return nodes;
    }

    public (int Line, int Column) Locate(int position)
    {
        var index = Array.BinarySearch(_lineStarts, position);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, position - _lineStarts[index] + 1);
    }

    // ---- text mode -------------------------------------------------------------------------------------------------

    /// <summary>Parses nodes until the end of input or a terminator (#end, #else, #elseif), which it returns.</summary>
    private Node[] ParseBlock(out string? terminator, out int terminatorAt)
    {
        Enter();
        var nodes = new List<Node>();
        var text = new StringBuilder();
        var textStart = _pos;
        terminator = null;
        terminatorAt = _pos;

        void Flush()
        {
            if (text.Length > 0)
            {
                var (line, column) = Locate(textStart);
                nodes.Add(new TextNode(text.ToString(), line, column));
                text.Clear();
            }
        }

        while (_pos < _end)
        {
            var c = _s[_pos];
            if (text.Length == 0)
            {
                textStart = _pos;
            }

            if (c == _quote && _quote != '\0' && _pos + 1 < _end && _s[_pos + 1] == _quote)
            {
                text.Append(c);
                _pos += 2;
                continue;
            }

            if (c == '$')
            {
                var start = _pos;
                var node = TryParseReferenceNode();
                if (node is null)
                {
                    text.Append('$');
                    _pos = start + 1;
                    continue;
                }

                Flush();
                nodes.Add(node);
                continue;
            }

            if (c == '\\')
            {
                ParseBackslashes(text, nodes, Flush);
                continue;
            }

            if (c != '#')
            {
                text.Append(c);
                _pos++;
                continue;
            }

            // '#': comment, unparsed block, directive or plain text.
            var hashAt = _pos;
            if (Peek(1) == '#')
            {
                SkipLineComment();
                continue;
            }

            if (Peek(1) == '*')
            {
                var close = _s.IndexOf("*#", _pos + 2, _end - _pos - 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new ParseException("unterminated #* comment", _pos);
                }

                _pos = close + 2;
                continue;
            }

            if (Peek(1) == '[' && Peek(2) == '[')
            {
                var close = _s.IndexOf("]]#", _pos + 3, _end - _pos - 3, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new ParseException("unterminated #[[ block", _pos);
                }

                text.Append(_s, _pos + 3, close - _pos - 3);
                _pos = close + 3;
                continue;
            }

            var (name, afterName) = ReadDirectiveName(_pos);
            if (name is null)
            {
                text.Append('#');
                _pos++;
                continue;
            }

            if (name is "end" or "else" or "elseif")
            {
                Flush();
                terminator = name;
                terminatorAt = hashAt;
                _pos = afterName;
                if (name != "elseif")
                {
                    SkipTrailingLineBreak();
                }

                Leave();
                return [.. nodes];
            }

            if (name == "set")
            {
                TrimIndentation(text);
            }

            Flush();
            _pos = afterName;
            var directive = ParseDirective(name, hashAt);
            if (directive is not null)
            {
                nodes.Add(directive);
            }
        }

        Flush();
        Leave();
        return [.. nodes];
    }

    private void ParseBackslashes(StringBuilder text, List<Node> nodes, Action flush)
    {
        var start = _pos;
        while (_pos < _end && _s[_pos] == '\\')
        {
            _pos++;
        }

        var count = _pos - start;
        if (_pos < _end && _s[_pos] == '$')
        {
            var refAt = _pos;
            var node = TryParseReferenceNode();
            if (node is ReferenceNode reference)
            {
                flush();
                if (count % 2 == 0)
                {
                    text.Append('\\', count / 2);
                    flush();
                    nodes.Add(reference);
                }
                else
                {
                    var (line, column) = Locate(start);
                    nodes.Add(new EscapedReferenceNode(reference.Reference, reference.Source, count, line, column));
                }

                return;
            }

            _pos = refAt;
            text.Append('\\', count);
            return;
        }

        if (_pos < _end && _s[_pos] == '#')
        {
            var (name, afterName) = ReadDirectiveName(_pos);
            if (name is not null)
            {
                text.Append('\\', count / 2);
                if (count % 2 == 1)
                {
                    // An escaped directive prints as text: its name, then the rest is ordinary text.
                    text.Append(_s, _pos, afterName - _pos);
                    _pos = afterName;
                }

                return;
            }
        }

        text.Append('\\', count);
    }

    /// <summary>Reads <c>#name</c> or <c>#{name}</c> at <paramref name="at"/>: a directive or a macro defined earlier.</summary>
    private (string? Name, int After) ReadDirectiveName(int at)
    {
        var p = at + 1;
        var braced = p < _end && _s[p] == '{';
        if (braced)
        {
            p++;
        }

        var nameStart = p;
        while (p < _end && (char.IsAsciiLetter(_s[p]) || (p > nameStart && (char.IsAsciiDigit(_s[p]) || _s[p] is '_' or '-'))))
        {
            p++;
        }

        if (p == nameStart)
        {
            return (null, at);
        }

        var name = _s[nameStart..p];
        if (braced)
        {
            if (p >= _end || _s[p] != '}')
            {
                return (null, at);
            }

            p++;
        }

        // The whole word names the directive: "#endif" or "#elsewhere" is text (write "#{end}if" for #end then "if").
        if (Directives.Contains(name) || _macros.ContainsKey(name))
        {
            return (name, p);
        }

        return (null, at);
    }

    private Node? ParseDirective(string name, int hashAt)
    {
        var (line, column) = Locate(hashAt);
        switch (name)
        {
            case "set":
                {
                    ExpectOpenParen(name);
                    SkipSpace();
                    if (Peek(0) != '$')
                    {
                        throw new ParseException("#set needs a reference to assign, e.g. #set($x = 1)", _pos);
                    }

                    var target = ParseReference(out _, out _) ?? throw new ParseException("#set needs a reference to assign", _pos);
                    SkipSpace();
                    if (Peek(0) != '=')
                    {
                        throw new ParseException("#set needs '=' after the reference", _pos);
                    }

                    _pos++;
                    var value = ParseExpression();
                    ExpectCloseParen(name);
                    return new SetNode(target, value, line, column);
                }

            case "if":
                {
                    var branches = new List<IfBranch>();
                    Node[]? elseBody = null;
                    ExpectOpenParen(name);
                    var condition = ParseExpression();
                    ExpectCloseParen(name);
                    while (true)
                    {
                        var body = ParseBlock(out var terminator, out var at);
                        branches.Add(new IfBranch(condition, body));
                        if (terminator == "elseif")
                        {
                            ExpectOpenParen("elseif");
                            condition = ParseExpression();
                            ExpectCloseParen("elseif");
                            continue;
                        }

                        if (terminator == "else")
                        {
                            elseBody = ParseBlock(out terminator, out at);
                            if (terminator != "end")
                            {
                                throw new ParseException(terminator is null ? "#if without #end" : $"#{terminator} after #else", terminator is null ? hashAt : at);
                            }
                        }
                        else if (terminator != "end")
                        {
                            throw new ParseException("#if without #end", hashAt);
                        }

                        return new IfNode([.. branches], elseBody, line, column);
                    }
                }

            case "foreach":
                {
                    ExpectOpenParen(name);
                    SkipSpace();
                    if (Peek(0) != '$')
                    {
                        throw new ParseException("#foreach needs a loop variable, e.g. #foreach($item in $list)", _pos);
                    }

                    _pos++;
                    if (Peek(0) == '!')
                    {
                        _pos++;
                    }

                    var braced = Peek(0) == '{';
                    if (braced)
                    {
                        _pos++;
                    }

                    var variable = ReadIdentifier() ?? throw new ParseException("#foreach needs a loop variable name", _pos);
                    if (braced)
                    {
                        Expect('}');
                    }

                    SkipSpace();
                    if (!MatchWord("in"))
                    {
                        throw new ParseException("#foreach needs 'in' after the loop variable", _pos);
                    }

                    var source = ParseExpression();
                    ExpectCloseParen(name);
                    var body = ParseBlock(out var terminator, out _);
                    if (terminator != "end")
                    {
                        throw new ParseException("#foreach without #end", hashAt);
                    }

                    return new ForeachNode(variable, source, body, line, column);
                }

            case "break":
            case "stop":
                {
                    var save = _pos;
                    SkipInlineSpace();
                    if (Peek(0) == '(')
                    {
                        // #break($foreach): the scope argument is accepted; the innermost loop ends.
                        _pos++;
                        SkipSpace();
                        if (Peek(0) == '$')
                        {
                            ParseReference(out _, out _);
                        }

                        ExpectCloseParen(name);
                    }
                    else
                    {
                        _pos = save;
                    }

                    return name == "break" ? new BreakNode(line, column) : new StopNode(line, column);
                }

            case "define":
                {
                    ExpectOpenParen(name);
                    SkipSpace();
                    var target = Peek(0) == '$' ? ParseReference(out _, out _) : null;
                    if (target is null || target.Segments.Length > 0)
                    {
                        throw new ParseException("#define needs a plain reference, e.g. #define($block)", _pos);
                    }

                    ExpectCloseParen(name);
                    var body = ParseBlock(out var terminator, out _);
                    if (terminator != "end")
                    {
                        throw new ParseException("#define without #end", hashAt);
                    }

                    return new DefineNode(target.Variable, body, line, column);
                }

            case "macro":
                {
                    ExpectOpenParen(name);
                    SkipSpace();
                    var macroName = ReadIdentifier() ?? throw new ParseException("#macro needs a name", _pos);
                    var parameters = new List<string>();
                    while (true)
                    {
                        SkipSpace();
                        if (Peek(0) == ',')
                        {
                            _pos++;
                            continue;
                        }

                        if (Peek(0) != '$')
                        {
                            break;
                        }

                        _pos++;
                        parameters.Add(ReadIdentifier() ?? throw new ParseException("#macro parameter needs a name", _pos));
                    }

                    ExpectCloseParen(name);
                    // Registered before its body is parsed, so that the macro may call itself (bounded at render time).
                    var macro = new Macro(macroName, [.. parameters], []);
                    _macros[macroName] = macro;
                    var body = ParseBlock(out var terminator, out _);
                    if (terminator != "end")
                    {
                        throw new ParseException("#macro without #end", hashAt);
                    }

                    _macros[macroName] = macro with { Body = body };
                    return null;
                }

            case "parse":
            case "include":
            case "evaluate":
                throw new ParseException($"#{name} is not supported in mapping templates", hashAt);

            default:
                {
                    // A call of a macro defined earlier in the template.
                    var save = _pos;
                    SkipInlineSpace();
                    if (Peek(0) != '(')
                    {
                        _pos = save;
                        return new MacroCallNode(name, [], _s[hashAt.._pos], line, column);
                    }

                    _pos++;
                    var arguments = new List<Expr>();
                    while (true)
                    {
                        SkipSpace();
                        if (Peek(0) == ')')
                        {
                            break;
                        }

                        if (Peek(0) == ',')
                        {
                            _pos++;
                            continue;
                        }

                        if (_pos >= _end)
                        {
                            throw new ParseException($"#{name}( without ')'", hashAt);
                        }

                        arguments.Add(ParseUnary());
                    }

                    ExpectCloseParen(name);
                    return new MacroCallNode(name, [.. arguments], _s[hashAt.._pos].TrimEnd(), line, column);
                }
        }
    }

    // ---- references ------------------------------------------------------------------------------------------------

    /// <summary>At '$': a reference node, or null (position unchanged) when the '$' is plain text.</summary>
    private ReferenceNode? TryParseReferenceNode()
    {
        var start = _pos;
        var reference = ParseReference(out var quiet, out var ok);
        if (reference is null || !ok)
        {
            _pos = start;
            return null;
        }

        return new ReferenceNode(reference, quiet, _s[start.._pos], reference.Line, reference.Column);
    }

    /// <summary>
    /// Parses <c>$[!][{]name(.name | .name(args) | [index])*[}]</c> at '$'. Returns null when no identifier follows;
    /// <paramref name="complete"/> is false for a formal reference without its closing brace.
    /// </summary>
    private Reference? ParseReference(out bool quiet, out bool complete)
    {
        var start = _pos;
        var (line, column) = Locate(start);
        _pos++;
        quiet = Peek(0) == '!';
        if (quiet)
        {
            _pos++;
        }

        var formal = Peek(0) == '{';
        if (formal)
        {
            _pos++;
        }

        complete = true;
        var variable = ReadIdentifier();
        if (variable is null)
        {
            _pos = start;
            return null;
        }

        var segments = new List<Segment>();
        while (_pos < _end)
        {
            if (_s[_pos] == '.' && _pos + 1 < _end && IsIdentifierStart(_s[_pos + 1]))
            {
                _pos++;
                var name = ReadIdentifier()!;
                if (Peek(0) == '(')
                {
                    _pos++;
                    segments.Add(new MethodSegment(name, ParseArguments(')')));
                }
                else
                {
                    segments.Add(new PropertySegment(name));
                }

                continue;
            }

            if (_s[_pos] == '[')
            {
                var save = _pos;
                try
                {
                    _pos++;
                    var index = ParseExpression();
                    SkipSpace();
                    Expect(']');
                    segments.Add(new IndexSegment(index));
                    continue;
                }
                catch (ParseException)
                {
                    // "$a[text]" that is no index: the reference ends before '['.
                    _pos = save;
                    break;
                }
            }

            break;
        }

        if (formal)
        {
            if (Peek(0) != '}')
            {
                complete = false;
            }
            else
            {
                _pos++;
            }
        }

        return new Reference(variable, [.. segments], line, column);
    }

    private Expr[] ParseArguments(char close)
    {
        Enter();
        var arguments = new List<Expr>();
        SkipSpace();
        if (Peek(0) == close)
        {
            _pos++;
            Leave();
            return [];
        }

        while (true)
        {
            arguments.Add(ParseExpression());
            SkipSpace();
            if (Peek(0) == ',')
            {
                _pos++;
                continue;
            }

            Expect(close);
            Leave();
            return [.. arguments];
        }
    }

    // ---- expressions -----------------------------------------------------------------------------------------------

    private Expr ParseExpression()
    {
        Enter();
        var expr = ParseOr();
        Leave();
        return expr;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            if (MatchSymbol("||") || MatchWord("or"))
            {
                left = Binary(BinaryOperator.Or, left, ParseAnd(), at);
                continue;
            }

            return left;
        }
    }

    private Expr ParseAnd()
    {
        var left = ParseEquality();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            if (MatchSymbol("&&") || MatchWord("and"))
            {
                left = Binary(BinaryOperator.And, left, ParseEquality(), at);
                continue;
            }

            return left;
        }
    }

    private Expr ParseEquality()
    {
        var left = ParseRelational();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            if (MatchSymbol("==") || MatchWord("eq"))
            {
                left = Binary(BinaryOperator.Equal, left, ParseRelational(), at);
            }
            else if (MatchSymbol("!=") || MatchWord("ne"))
            {
                left = Binary(BinaryOperator.NotEqual, left, ParseRelational(), at);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseRelational()
    {
        var left = ParseAdditive();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            BinaryOperator op;
            if (MatchSymbol("<=") || MatchWord("le"))
            {
                op = BinaryOperator.LessOrEqual;
            }
            else if (MatchSymbol(">=") || MatchWord("ge"))
            {
                op = BinaryOperator.GreaterOrEqual;
            }
            else if (MatchSymbol("<") || MatchWord("lt"))
            {
                op = BinaryOperator.Less;
            }
            else if (MatchSymbol(">") || MatchWord("gt"))
            {
                op = BinaryOperator.Greater;
            }
            else
            {
                return left;
            }

            left = Binary(op, left, ParseAdditive(), at);
        }
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            if (MatchSymbol("+"))
            {
                left = Binary(BinaryOperator.Add, left, ParseMultiplicative(), at);
            }
            else if (Peek(0) == '-' && Peek(1) != '-')
            {
                _pos++;
                left = Binary(BinaryOperator.Subtract, left, ParseMultiplicative(), at);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            var at = _pos;
            BinaryOperator op;
            if (MatchSymbol("*"))
            {
                op = BinaryOperator.Multiply;
            }
            else if (MatchSymbol("/"))
            {
                op = BinaryOperator.Divide;
            }
            else if (MatchSymbol("%"))
            {
                op = BinaryOperator.Modulo;
            }
            else
            {
                return left;
            }

            left = Binary(op, left, ParseUnary(), at);
        }
    }

    private Expr ParseUnary()
    {
        SkipSpace();
        var at = _pos;
        if ((Peek(0) == '!' && Peek(1) != '=') || MatchWordAhead("not"))
        {
            if (Peek(0) == '!')
            {
                _pos++;
            }
            else
            {
                _pos += 3;
            }

            Enter();
            var operand = ParseUnary();
            Leave();
            var (line, column) = Locate(at);
            return new NotExpr(operand, line, column);
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        SkipSpace();
        var at = _pos;
        var (line, column) = Locate(at);
        if (_pos >= _end)
        {
            throw new ParseException("an expression was expected", _pos);
        }

        var c = _s[_pos];
        switch (c)
        {
            case '(':
                {
                    _pos++;
                    var inner = ParseExpression();
                    SkipSpace();
                    Expect(')');
                    return inner;
                }

            case '$':
                {
                    var reference = ParseReference(out _, out var complete);
                    if (reference is null || !complete)
                    {
                        throw new ParseException("a reference was expected after '$'", at);
                    }

                    return new ReferenceExpr(reference, _s[at.._pos], line, column);
                }

            case '"':
            case '\'':
                return ParseString(c, line, column);
            case '[':
                return ParseListOrRange(line, column);
            case '{':
                return ParseMap(line, column);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1))))
        {
            return ParseNumber(line, column);
        }

        if (MatchWord("true"))
        {
            return new LiteralExpr(true, line, column);
        }

        if (MatchWord("false"))
        {
            return new LiteralExpr(false, line, column);
        }

        throw new ParseException($"unexpected '{c}' in an expression", _pos);
    }

    private LiteralExpr ParseNumber(int line, int column)
    {
        var start = _pos;
        if (_s[_pos] == '-')
        {
            _pos++;
        }

        while (_pos < _end && char.IsAsciiDigit(_s[_pos]))
        {
            _pos++;
        }

        var isFloat = false;
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isFloat = true;
            _pos++;
            while (_pos < _end && char.IsAsciiDigit(_s[_pos]))
            {
                _pos++;
            }
        }

        var text = _s[start.._pos];
        if (!isFloat && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new LiteralExpr(l, line, column);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? new LiteralExpr(d, line, column)
            : throw new ParseException($"'{text}' is not a number", start);
    }

    private Expr ParseString(char quote, int line, int column)
    {
        var open = _pos;
        var p = _pos + 1;
        var hasMarkup = false;
        while (true)
        {
            if (p >= _end)
            {
                throw new ParseException("unterminated string literal", open);
            }

            var c = _s[p];
            if (c == '\\' && p + 1 < _end)
            {
                p += 2;
                continue;
            }

            if (c == quote)
            {
                if (p + 1 < _end && _s[p + 1] == quote)
                {
                    p += 2;
                    continue;
                }

                break;
            }

            if (c is '$' or '#')
            {
                hasMarkup = true;
            }

            p++;
        }

        var close = p;
        _pos = close + 1;
        var doubled = new string(quote, 2);
        var single = quote.ToString();
        if (quote == '\'' || !hasMarkup)
        {
            return new LiteralExpr(_s[(open + 1)..close].Replace(doubled, single, StringComparison.Ordinal), line, column);
        }

        // An interpolated string is a small template of its own.
        var (savedPos, savedEnd, savedQuote) = (_pos, _end, _quote);
        _pos = open + 1;
        _end = close;
        _quote = quote;
        var parts = ParseBlock(out var terminator, out var at);
        if (terminator is not null)
        {
            throw new ParseException($"#{terminator} without a matching directive in a string", at);
        }

        (_pos, _end, _quote) = (savedPos, savedEnd, savedQuote);
        return new InterpolatedStringExpr(parts, line, column);
    }

    private Expr ParseListOrRange(int line, int column)
    {
        _pos++;
        Enter();
        SkipSpace();
        if (Peek(0) == ']')
        {
            _pos++;
            Leave();
            return new ListExpr([], line, column);
        }

        var first = ParseExpression();
        SkipSpace();
        if (MatchSymbol(".."))
        {
            var to = ParseExpression();
            SkipSpace();
            Expect(']');
            Leave();
            return new RangeExpr(first, to, line, column);
        }

        var items = new List<Expr> { first };
        while (true)
        {
            SkipSpace();
            if (Peek(0) == ',')
            {
                _pos++;
                items.Add(ParseExpression());
                continue;
            }

            Expect(']');
            Leave();
            return new ListExpr([.. items], line, column);
        }
    }

    private MapExpr ParseMap(int line, int column)
    {
        _pos++;
        Enter();
        var entries = new List<KeyValuePair<Expr, Expr>>();
        SkipSpace();
        if (Peek(0) == '}')
        {
            _pos++;
            Leave();
            return new MapExpr([], line, column);
        }

        while (true)
        {
            var key = ParseExpression();
            SkipSpace();
            Expect(':');
            var value = ParseExpression();
            entries.Add(new(key, value));
            SkipSpace();
            if (Peek(0) == ',')
            {
                _pos++;
                continue;
            }

            Expect('}');
            Leave();
            return new MapExpr([.. entries], line, column);
        }
    }

    private BinaryExpr Binary(BinaryOperator op, Expr left, Expr right, int at)
    {
        var (line, column) = Locate(at);
        return new BinaryExpr(op, left, right, line, column);
    }

    // ---- lexical helpers -------------------------------------------------------------------------------------------

    private char Peek(int offset) => _pos + offset < _end ? _s[_pos + offset] : '\0';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    /// <summary>A Velocity 1.7 identifier: a letter or '_', then letters, digits, '_' and '-'.</summary>
    private string? ReadIdentifier()
    {
        if (_pos >= _end || !IsIdentifierStart(_s[_pos]))
        {
            return null;
        }

        var start = _pos;
        _pos++;
        while (_pos < _end && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] is '_' or '-'))
        {
            _pos++;
        }

        return _s[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _end && _s[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private void SkipInlineSpace()
    {
        while (_pos < _end && _s[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private bool MatchSymbol(string symbol)
    {
        if (string.CompareOrdinal(_s, _pos, symbol, 0, symbol.Length) == 0 && _pos + symbol.Length <= _end)
        {
            _pos += symbol.Length;
            return true;
        }

        return false;
    }

    private bool MatchWordAhead(string word) =>
        _pos + word.Length <= _end
        && string.CompareOrdinal(_s, _pos, word, 0, word.Length) == 0
        && (_pos + word.Length == _end || !(char.IsAsciiLetterOrDigit(_s[_pos + word.Length]) || _s[_pos + word.Length] is '_' or '-'));

    private bool MatchWord(string word)
    {
        if (MatchWordAhead(word))
        {
            _pos += word.Length;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (Peek(0) != c)
        {
            throw new ParseException(_pos >= _end ? $"'{c}' expected before the end" : $"'{c}' expected, found '{_s[_pos]}'", _pos);
        }

        _pos++;
    }

    private void ExpectOpenParen(string directive)
    {
        SkipInlineSpace();
        if (Peek(0) != '(')
        {
            throw new ParseException($"#{directive} needs '('", _pos);
        }

        _pos++;
    }

    private void ExpectCloseParen(string directive)
    {
        SkipSpace();
        if (Peek(0) != ')')
        {
            throw new ParseException(_pos >= _end ? $"#{directive}( without ')'" : $"')' expected to close #{directive}, found '{_s[_pos]}'", _pos);
        }

        _pos++;
        SkipTrailingLineBreak();
    }

    /// <summary>Velocity 1.x: spaces and one line break right after a directive are not output.</summary>
    private void SkipTrailingLineBreak()
    {
        var p = _pos;
        while (p < _end && _s[p] is ' ' or '\t')
        {
            p++;
        }

        if (p < _end && _s[p] == '\n')
        {
            _pos = p + 1;
        }
        else if (p < _end && _s[p] == '\r')
        {
            _pos = p + 1 < _end && _s[p + 1] == '\n' ? p + 2 : p + 1;
        }
    }

    private void SkipLineComment()
    {
        while (_pos < _end && _s[_pos] != '\n' && _s[_pos] != '\r')
        {
            _pos++;
        }

        if (_pos < _end && _s[_pos] == '\r')
        {
            _pos++;
        }

        if (_pos < _end && _s[_pos] == '\n')
        {
            _pos++;
        }
    }

    /// <summary>Velocity 1.x: <c>#set</c> swallows the spaces and tabs that indent it.</summary>
    private static void TrimIndentation(StringBuilder text)
    {
        var i = text.Length;
        while (i > 0 && text[i - 1] is ' ' or '\t')
        {
            i--;
        }

        if (i == 0 || text[i - 1] is '\n' or '\r')
        {
            text.Length = i;
        }
    }

    private void Enter()
    {
        if (++_depth > _maxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ParseException($"the template nests deeper than {_maxDepth} levels", _pos);
        }
    }

    private void Leave() => _depth--;
}
