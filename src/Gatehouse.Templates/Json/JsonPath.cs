using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.Templates;

/// <summary>
/// The JSONPath of <c>$input.path</c> and <c>$input.json</c> (Jayway's dialect, the subset templates use): <c>$</c>,
/// <c>.name</c>, <c>['name']</c> (and unions), <c>[n]</c> (negative from the end, unions), slices <c>[a:b]</c>,
/// <c>*</c>, <c>..</c> (recursive descent) and filters <c>[?(@.price &lt; 10 &amp;&amp; @.tag)]</c>. As in Jayway, a
/// definite path (names and single indices only) yields the value or null; any other yields a JSON list of matches.
/// </summary>
internal sealed class JsonPath
{
    private readonly Step[] _steps;

    private JsonPath(Step[] steps)
    {
        _steps = steps;
        IsDefinite = steps.All(s => s is NameStep { Names.Length: 1 } or IndexStep { Indices.Length: 1 });
    }

    public bool IsDefinite { get; }

    public static bool TryParse(string path, out JsonPath compiled, out string error)
    {
        compiled = null!;
        try
        {
            var reader = new PathReader(path);
            compiled = new JsonPath(reader.ReadPath(requireRoot: true));
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The match (definite path) or list of matches; <paramref name="found"/> is false when a definite path
    /// matches nothing (a JSON null it matches is found).</summary>
    public object? Evaluate(object? root, Renderer renderer, out bool found)
    {
        var matches = Select(root, renderer);
        found = !IsDefinite || matches.Count > 0;
        return IsDefinite ? (matches.Count == 0 ? null : matches[0]) : new TemplateList(matches, isJson: true);
    }

    private List<object?> Select(object? root, Renderer renderer)
    {
        var current = new List<object?> { root };
        foreach (var step in _steps)
        {
            var next = new List<object?>();
            foreach (var node in current)
            {
                renderer.Step();
                step.Apply(node, next, renderer);
            }

            renderer.CheckSize(next.Count);
            current = next;
        }

        return current;
    }

    // ---- steps -----------------------------------------------------------------------------------------------------

    private abstract record Step
    {
        public abstract void Apply(object? node, List<object?> results, Renderer renderer);
    }

    private sealed record NameStep(string[] Names) : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            if (node is TemplateMap map)
            {
                foreach (var name in Names)
                {
                    if (map.TryGetValue(name, out var value))
                    {
                        results.Add(value);
                    }
                }
            }
        }
    }

    private sealed record WildcardStep : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            switch (node)
            {
                case TemplateMap map:
                    results.AddRange(map.Entries.Select(e => e.Value));
                    break;
                case TemplateList list:
                    results.AddRange(list.Items);
                    break;
            }
        }
    }

    private sealed record IndexStep(int[] Indices) : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            if (node is TemplateList list)
            {
                foreach (var index in Indices)
                {
                    var i = index < 0 ? list.Count + index : index;
                    if (i >= 0 && i < list.Count)
                    {
                        results.Add(list[i]);
                    }
                }
            }
        }
    }

    private sealed record SliceStep(int? Start, int? End) : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            if (node is TemplateList list)
            {
                var start = Resolve(Start ?? 0, list.Count);
                var end = Resolve(End ?? list.Count, list.Count);
                for (var i = start; i < end; i++)
                {
                    results.Add(list[i]);
                }
            }
        }

        private static int Resolve(int index, int count) => Math.Clamp(index < 0 ? count + index : index, 0, count);
    }

    /// <summary><c>..</c>: the next step applies to the node and every node below it.</summary>
    private sealed record DescendantStep(Step Next) : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            renderer.Step();
            Next.Apply(node, results, renderer);
            switch (node)
            {
                case TemplateMap map:
                    foreach (var (_, value) in map.Entries)
                    {
                        if (value is TemplateMap or TemplateList)
                        {
                            Apply(value, results, renderer);
                        }
                    }

                    break;
                case TemplateList list:
                    foreach (var value in list.Items)
                    {
                        if (value is TemplateMap or TemplateList)
                        {
                            Apply(value, results, renderer);
                        }
                    }

                    break;
            }
        }
    }

    private sealed record FilterStep(Filter Filter) : Step
    {
        public override void Apply(object? node, List<object?> results, Renderer renderer)
        {
            if (node is TemplateList list)
            {
                foreach (var item in list.Items)
                {
                    if (Filter.Test(item, renderer))
                    {
                        results.Add(item);
                    }
                }
            }
            else if (node is TemplateMap && Filter.Test(node, renderer))
            {
                results.Add(node);
            }
        }
    }

    // ---- filters ---------------------------------------------------------------------------------------------------

    private abstract record Filter
    {
        public abstract bool Test(object? item, Renderer renderer);
    }

    private sealed record AndFilter(Filter Left, Filter Right) : Filter
    {
        public override bool Test(object? item, Renderer renderer) => Left.Test(item, renderer) && Right.Test(item, renderer);
    }

    private sealed record OrFilter(Filter Left, Filter Right) : Filter
    {
        public override bool Test(object? item, Renderer renderer) => Left.Test(item, renderer) || Right.Test(item, renderer);
    }

    private sealed record NotFilter(Filter Operand) : Filter
    {
        public override bool Test(object? item, Renderer renderer) => !Operand.Test(item, renderer);
    }

    private sealed record ExistsFilter(Operand Path) : Filter
    {
        public override bool Test(object? item, Renderer renderer) => Path.Resolve(item, renderer, out _);
    }

    private sealed record CompareFilter(Operand Left, string Operator, Operand Right) : Filter
    {
        public override bool Test(object? item, Renderer renderer)
        {
            if (!Left.Resolve(item, renderer, out var left) || !Right.Resolve(item, renderer, out var right))
            {
                return false;
            }

            if (Operator == "=~")
            {
                return left is string s && Right is RegexOperand regex && regex.Regex.IsMatch(s);
            }

            if (Operator is "==" or "!=")
            {
                var equal = TemplateValues.IsNumber(left) && TemplateValues.IsNumber(right)
                    ? Arithmetic.Compare(left!, right!) == 0
                    : TemplateValues.StructuralEquals(left, right);
                return Operator == "==" ? equal : !equal;
            }

            int c;
            if (TemplateValues.IsNumber(left) && TemplateValues.IsNumber(right))
            {
                c = Arithmetic.Compare(left!, right!);
            }
            else if (left is string a && right is string b)
            {
                c = string.CompareOrdinal(a, b);
            }
            else
            {
                return false;
            }

            return Operator switch
            {
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                _ => c >= 0,
            };
        }
    }

    private abstract record Operand
    {
        public abstract bool Resolve(object? item, Renderer renderer, out object? value);
    }

    private sealed record LiteralOperand(object? Value) : Operand
    {
        public override bool Resolve(object? item, Renderer renderer, out object? value)
        {
            value = Value;
            return true;
        }
    }

    private sealed record RegexOperand(Regex Regex) : Operand
    {
        public override bool Resolve(object? item, Renderer renderer, out object? value)
        {
            value = null;
            return true;
        }
    }

    /// <summary><c>@.a.b</c> (from the item) in a filter; true when the path exists.</summary>
    private sealed record PathOperand(Step[] Steps) : Operand
    {
        public override bool Resolve(object? item, Renderer renderer, out object? value)
        {
            var current = new List<object?> { item };
            foreach (var step in Steps)
            {
                var next = new List<object?>();
                foreach (var node in current)
                {
                    renderer.Step();
                    step.Apply(node, next, renderer);
                }

                current = next;
            }

            value = current.Count == 0 ? null : current[0];
            return current.Count > 0;
        }
    }

    // ---- parsing ---------------------------------------------------------------------------------------------------

    private sealed class PathReader(string text)
    {
        private int _pos;

        public Step[] ReadPath(bool requireRoot)
        {
            SkipSpace();
            if (requireRoot)
            {
                if (Peek() != '$')
                {
                    throw new FormatException("a path starts with '$'");
                }

                _pos++;
            }

            var steps = new List<Step>();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '.' && Peek(1) == '.')
                {
                    _pos += 2;
                    steps.Add(new DescendantStep(Peek() == '[' ? ReadBracket() : ReadDotted()));
                }
                else if (c == '.')
                {
                    _pos++;
                    steps.Add(ReadDotted());
                }
                else if (c == '[')
                {
                    steps.Add(ReadBracket());
                }
                else if (!requireRoot)
                {
                    break; // the end of a path inside a filter
                }
                else if (char.IsWhiteSpace(c))
                {
                    SkipSpace();
                    if (_pos < text.Length)
                    {
                        throw new FormatException($"unexpected text at {_pos}");
                    }
                }
                else
                {
                    throw new FormatException($"unexpected '{c}' at {_pos}");
                }

                if (steps.Count > 64)
                {
                    throw new FormatException("the path is too long");
                }
            }

            return [.. steps];
        }

        private Step ReadDotted()
        {
            if (Peek() == '*')
            {
                _pos++;
                return new WildcardStep();
            }

            var start = _pos;
            while (_pos < text.Length && text[_pos] is not ('.' or '[' or ' ' or ')' or '=' or '<' or '>' or '!' or '&' or '|' or ','))
            {
                _pos++;
            }

            return _pos == start ? throw new FormatException($"a name is expected at {_pos}") : new NameStep([text[start.._pos]]);
        }

        private Step ReadBracket()
        {
            _pos++; // '['
            SkipSpace();
            Step step;
            var c = Peek();
            if (c == '*')
            {
                _pos++;
                step = new WildcardStep();
            }
            else if (c is '\'' or '"')
            {
                var names = new List<string> { ReadQuoted() };
                while (SkipSpace() && Peek() == ',')
                {
                    _pos++;
                    SkipSpace();
                    names.Add(ReadQuoted());
                }

                step = new NameStep([.. names]);
            }
            else if (c == '?')
            {
                _pos++;
                SkipSpace();
                Expect('(');
                var filter = ReadOr(0);
                SkipSpace();
                Expect(')');
                step = new FilterStep(filter);
            }
            else
            {
                int? first = Peek() == ':' ? null : ReadInt();
                SkipSpace();
                if (Peek() == ':')
                {
                    _pos++;
                    SkipSpace();
                    int? end = Peek() is ']' ? null : ReadInt();
                    step = new SliceStep(first, end);
                }
                else
                {
                    var indices = new List<int> { first!.Value };
                    while (SkipSpace() && Peek() == ',')
                    {
                        _pos++;
                        SkipSpace();
                        indices.Add(ReadInt());
                    }

                    step = new IndexStep([.. indices]);
                }
            }

            SkipSpace();
            Expect(']');
            return step;
        }

        private Filter ReadOr(int depth)
        {
            if (depth > 32)
            {
                throw new FormatException("the filter nests too deeply");
            }

            var left = ReadAnd(depth);
            while (SkipSpace() && Peek() == '|' && Peek(1) == '|')
            {
                _pos += 2;
                left = new OrFilter(left, ReadAnd(depth));
            }

            return left;
        }

        private Filter ReadAnd(int depth)
        {
            var left = ReadAtom(depth);
            while (SkipSpace() && Peek() == '&' && Peek(1) == '&')
            {
                _pos += 2;
                left = new AndFilter(left, ReadAtom(depth));
            }

            return left;
        }

        private Filter ReadAtom(int depth)
        {
            SkipSpace();
            if (Peek() == '!' && Peek(1) != '=')
            {
                _pos++;
                return new NotFilter(ReadAtom(depth + 1));
            }

            if (Peek() == '(')
            {
                _pos++;
                var inner = ReadOr(depth + 1);
                SkipSpace();
                Expect(')');
                return inner;
            }

            var left = ReadOperand();
            SkipSpace();
            foreach (var op in (ReadOnlySpan<string>)["==", "!=", "<=", ">=", "=~", "<", ">"])
            {
                if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
                {
                    _pos += op.Length;
                    SkipSpace();
                    var right = op == "=~" ? ReadRegex() : ReadOperand();
                    return new CompareFilter(left, op, right);
                }
            }

            return left is PathOperand ? new ExistsFilter(left) : throw new FormatException($"an operator is expected at {_pos}");
        }

        private Operand ReadOperand()
        {
            var c = Peek();
            if (c == '@')
            {
                _pos++;
                return new PathOperand(ReadPath(requireRoot: false));
            }

            if (c is '\'' or '"')
            {
                return new LiteralOperand(ReadQuoted());
            }

            foreach (var (word, value) in (ReadOnlySpan<(string, object?)>)[("true", true), ("false", false), ("null", null)])
            {
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return new LiteralOperand(value);
                }
            }

            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _pos++;
            }

            var number = text[start.._pos];
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return new LiteralOperand(l);
            }

            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? new LiteralOperand(d)
                : throw new FormatException($"a value is expected at {start}");
        }

        private RegexOperand ReadRegex()
        {
            Expect('/');
            var start = _pos;
            while (_pos < text.Length && text[_pos] != '/')
            {
                _pos += text[_pos] == '\\' ? 2 : 1;
            }

            if (_pos >= text.Length)
            {
                throw new FormatException("unterminated regular expression");
            }

            var pattern = text[start.._pos];
            _pos++;
            var options = RegexOptions.CultureInvariant;
            if (Peek() == 'i')
            {
                _pos++;
                options |= RegexOptions.IgnoreCase;
            }

            try
            {
                return new RegexOperand(new Regex(pattern, options, TimeSpan.FromMilliseconds(200)));
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message);
            }
        }

        private string ReadQuoted()
        {
            var quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw new FormatException($"a quoted name is expected at {_pos}");
            }

            _pos++;
            var sb = new System.Text.StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }

                sb.Append(text[_pos++]);
            }

            if (_pos >= text.Length)
            {
                throw new FormatException("unterminated quoted name");
            }

            _pos++;
            return sb.ToString();
        }

        private int ReadInt()
        {
            var start = _pos;
            if (Peek() == '-')
            {
                _pos++;
            }

            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }

            return int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"an index is expected at {start}");
        }

        private char Peek(int offset = 0) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

        private bool SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }

            return true;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"'{c}' expected at {_pos}");
            }

            _pos++;
        }
    }
}
