using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>
/// One render of a template: walks the syntax tree with its own variables and counters, within the template's limits.
/// </summary>
internal sealed class Renderer
{
    private readonly Template _template;
    private readonly Dictionary<string, object?> _vars = new(StringComparer.Ordinal);
    private long _steps;
    private int _callDepth;
    private bool _stopped;
    private bool _breaking;

    public Renderer(Template template, TemplateContext context)
    {
        _template = template;
        Context = context;
        Limits = template.Limits;
    }

    public TemplateLimits Limits { get; }

    public TemplateContext Context { get; }

    public RenderResult Run(Node[] nodes)
    {
        Context.EnsureOverrides();
        _vars["input"] = new InputVariable(this);
        _vars["util"] = UtilVariable.Instance;
        _vars["context"] = Context.Context;
        _vars["stageVariables"] = Context.StageVariables;
        var output = new StringBuilder(Math.Min(_template.Source.Length * 2, 4096));
        try
        {
            RenderNodes(nodes, output);
            return RenderResult.Success(output.ToString());
        }
        catch (TemplateRuntimeException e)
        {
            return RenderResult.Failure(new RenderError(e.Kind, e.Message, e.Line, e.Column));
        }
    }

    // ---- nodes -----------------------------------------------------------------------------------------------------

    private void RenderNodes(Node[] nodes, StringBuilder sb)
    {
        foreach (var node in nodes)
        {
            if (_stopped || _breaking)
            {
                return;
            }

            try
            {
                RenderNode(node, sb);
            }
            catch (TemplateRuntimeException e) when (e.Line == 0)
            {
                e.Line = node.Line;
                e.Column = node.Column;
                throw;
            }

            if (sb.Length > Limits.MaxOutputLength)
            {
                throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, $"the output is longer than {Limits.MaxOutputLength} characters");
            }
        }
    }

    private void RenderNode(Node node, StringBuilder sb)
    {
        Step();
        EnsureStack();
        switch (node)
        {
            case TextNode text:
                sb.Append(text.Text);
                break;
            case ReferenceNode reference:
                RenderReference(reference, sb);
                break;
            case EscapedReferenceNode escaped:
                // Velocity 1.7: "\$a" prints "$a" when $a is defined, and its backslashes too when it is not.
                var defined = EvaluateReference(escaped.Reference) is not null;
                sb.Append('\\', defined ? escaped.Backslashes / 2 : escaped.Backslashes).Append(escaped.Source);
                break;
            case SetNode set:
                Assign(set.Target, Evaluate(set.Value));
                break;
            case IfNode ifNode:
                RenderIf(ifNode, sb);
                break;
            case ForeachNode foreachNode:
                RenderForeach(foreachNode, sb);
                break;
            case BreakNode:
                _breaking = true;
                break;
            case StopNode:
                _stopped = true;
                break;
            case DefineNode define:
                _vars[define.Name] = new DefineBlock(define.Body);
                break;
            case MacroCallNode call:
                RenderMacroCall(call, sb);
                break;
        }
    }

    private void RenderReference(ReferenceNode node, StringBuilder sb)
    {
        var value = EvaluateReference(node.Reference);
        switch (value)
        {
            case null:
                if (!node.Quiet && Limits.UndefinedReferences == UndefinedReferences.Literal)
                {
                    sb.Append(node.Source);
                }

                break;
            case string s:
                sb.Append(s);
                break;
            case long l:
                sb.Append(CultureInfo.InvariantCulture, $"{l}");
                break;
            case DefineBlock block:
                RenderBlock(block, sb);
                break;
            default:
                sb.Append(Text(value));
                break;
        }
    }

    private void RenderIf(IfNode node, StringBuilder sb)
    {
        foreach (var branch in node.Branches)
        {
            if (TemplateValues.IsTrue(Evaluate(branch.Condition)))
            {
                RenderNodes(branch.Body, sb);
                return;
            }
        }

        if (node.Else is not null)
        {
            RenderNodes(node.Else, sb);
        }
    }

    private void RenderForeach(ForeachNode node, StringBuilder sb)
    {
        var source = Evaluate(node.Source);
        object?[] items = source switch
        {
            TemplateList list => [.. list.Items],
            TemplateMap map => [.. map.Entries.Select(e => e.Value)],
            _ => [], // Velocity 1.7 skips what it cannot iterate (null, strings, numbers).
        };
        if (items.Length == 0)
        {
            return;
        }

        if (items.Length > Limits.MaxLoopIterations)
        {
            throw new TemplateRuntimeException(RenderErrorKind.LoopLimitExceeded,
                $"#foreach over {items.Length} items: the limit is {Limits.MaxLoopIterations} iterations");
        }

        _vars.TryGetValue(node.Variable, out var savedItem);
        _vars.TryGetValue("foreach", out var savedForeach);
        _vars.TryGetValue("velocityCount", out var savedCount);
        _vars.TryGetValue("velocityHasNext", out var savedHasNext);
        var state = new ForeachState(items.Length, savedForeach as ForeachState);
        _vars["foreach"] = state;
        for (var i = 0; i < items.Length; i++)
        {
            state.Index = i;
            Set(node.Variable, items[i]);
            _vars["velocityCount"] = (long)(i + 1);
            _vars["velocityHasNext"] = i < items.Length - 1;
            RenderNodes(node.Body, sb);
            if (_breaking)
            {
                _breaking = false;
                break;
            }

            if (_stopped)
            {
                break;
            }
        }

        Set(node.Variable, savedItem);
        Set("foreach", savedForeach);
        Set("velocityCount", savedCount);
        Set("velocityHasNext", savedHasNext);
    }

    private void RenderMacroCall(MacroCallNode call, StringBuilder sb)
    {
        if (!_template.Macros.TryGetValue(call.Name, out var macro))
        {
            sb.Append(call.Source);
            return;
        }

        var arguments = call.Arguments.Select(Evaluate).ToArray();
        EnterCall();
        var saved = macro.Parameters.Select(p => _vars.TryGetValue(p, out var v) ? v : null).ToArray();
        for (var i = 0; i < macro.Parameters.Length; i++)
        {
            Set(macro.Parameters[i], i < arguments.Length ? arguments[i] : null);
        }

        RenderNodes(macro.Body, sb);
        for (var i = 0; i < macro.Parameters.Length; i++)
        {
            Set(macro.Parameters[i], saved[i]);
        }

        _callDepth--;
    }

    private void RenderBlock(DefineBlock block, StringBuilder sb)
    {
        EnterCall();
        RenderNodes(block.Body, sb);
        _callDepth--;
    }

    private void EnterCall()
    {
        if (++_callDepth > Limits.MaxCallDepth)
        {
            throw new TemplateRuntimeException(RenderErrorKind.DepthExceeded, $"#define blocks or macros call one another deeper than {Limits.MaxCallDepth} levels");
        }
    }

    // ---- values ----------------------------------------------------------------------------------------------------

    /// <summary>Macros and #define blocks nest renders within renders: end with an error before the stack runs out.</summary>
    private static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new TemplateRuntimeException(RenderErrorKind.DepthExceeded, "the template nests too deeply to render");
        }
    }

    /// <summary>Counts work proportional to a value's size (a search through a long list or string) as steps.</summary>
    public void Charge(long steps)
    {
        _steps += steps;
        Step();
    }

    public void Step()
    {
        if (++_steps > Limits.MaxSteps)
        {
            throw new TemplateRuntimeException(RenderErrorKind.StepLimitExceeded, $"the template took more than {Limits.MaxSteps} steps");
        }
    }

    /// <summary>A value as a template prints it (a #define block renders).</summary>
    public string Text(object? value)
    {
        if (value is DefineBlock block)
        {
            var sb = new StringBuilder();
            RenderBlock(block, sb);
            return sb.ToString();
        }

        return ValueText.ToText(value, Limits.MaxOutputLength);
    }

    public string CheckLength(string s) => s.Length > Limits.MaxOutputLength
        ? throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, $"a string is longer than {Limits.MaxOutputLength} characters")
        : s;

    public void CheckSize(int count)
    {
        if (count > Limits.MaxCollectionSize)
        {
            throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, $"a list is longer than {Limits.MaxCollectionSize} items");
        }
    }

    private void Set(string name, object? value)
    {
        if (value is null)
        {
            _vars.Remove(name);
        }
        else
        {
            _vars[name] = value;
        }
    }

    private void Assign(Reference target, object? value)
    {
        if (value is null)
        {
            // Velocity 1.x (directive.set.null.allowed off by default): a null right-hand side is not assigned; the
            // left-hand side keeps its value. The classic surprise of #set inside #foreach, kept for fidelity.
            return;
        }

        if (target.Segments.Length == 0)
        {
            _vars[target.Variable] = value;
            return;
        }

        var container = EvaluateReference(target, target.Segments.Length - 1);
        switch (target.Segments[^1], container)
        {
            case (PropertySegment property, TemplateMap map):
                map[property.Name] = value;
                break;
            case (IndexSegment index, TemplateMap map):
                map[Text(Evaluate(index.Index))] = value;
                break;
            case (IndexSegment index, TemplateList list):
                list[ListIndex(list, Evaluate(index.Index))] = value;
                break;
            default:
                // No setter: Velocity logs and goes on.
                break;
        }
    }

    public object? EvaluateReference(Reference reference) => EvaluateReference(reference, reference.Segments.Length);

    private object? EvaluateReference(Reference reference, int segmentCount)
    {
        Step();
        _vars.TryGetValue(reference.Variable, out var value);
        for (var i = 0; i < segmentCount; i++)
        {
            if (value is null)
            {
                return null;
            }

            if (value is DefineBlock block)
            {
                value = Text(block);
            }

            Step();
            value = reference.Segments[i] switch
            {
                PropertySegment property => Properties.Get(value, property.Name),
                MethodSegment method => Methods.Invoke(this, value, method, EvaluateArguments(method.Arguments)),
                IndexSegment index => Index(value, Evaluate(index.Index)),
                _ => null,
            };
        }

        return value;
    }

    private object?[] EvaluateArguments(Expr[] arguments)
    {
        if (arguments.Length == 0)
        {
            return [];
        }

        var values = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i] = Evaluate(arguments[i]);
        }

        return values;
    }

    private object? Index(object target, object? index) => target switch
    {
        TemplateList list => list[ListIndex(list, index)],
        TemplateMap map => index is null ? null : map[Text(index)],
        _ => null,
    };

    private static int ListIndex(TemplateList list, object? index)
    {
        if (index is not long i)
        {
            throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, "a list index must be an integer");
        }

        // Velocity 1.7 lets a negative index count from the end.
        var resolved = i < 0 ? list.Count + i : i;
        return resolved >= 0 && resolved < list.Count
            ? (int)resolved
            : throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"index {i} out of bounds for a list of {list.Count}");
    }

    public object? Evaluate(Expr expr)
    {
        EnsureStack();
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case ReferenceExpr reference:
                return EvaluateReference(reference.Reference);
            case InterpolatedStringExpr interpolated:
                {
                    var sb = new StringBuilder();
                    RenderNodes(interpolated.Parts, sb);
                    return CheckLength(sb.ToString());
                }

            case BinaryExpr binary:
                return EvaluateBinary(binary);
            case NotExpr not:
                return !TemplateValues.IsTrue(Evaluate(not.Operand));
            case ListExpr list:
                {
                    CheckSize(list.Items.Length);
                    var result = new TemplateList(list.Items.Length);
                    foreach (var item in list.Items)
                    {
                        result.Add(Evaluate(item));
                    }

                    return result;
                }

            case MapExpr map:
                {
                    var result = new TemplateMap();
                    foreach (var (key, value) in map.Entries)
                    {
                        result[Text(Evaluate(key))] = Evaluate(value);
                    }

                    return result;
                }

            case RangeExpr range:
                return EvaluateRange(range);
            default:
                return null;
        }
    }

    private TemplateList? EvaluateRange(RangeExpr range)
    {
        if (Evaluate(range.From) is not long from || Evaluate(range.To) is not long to)
        {
            return null; // Velocity 1.7: a range needs integers; otherwise it is null.
        }

        var count = Math.Abs(to - from) + 1;
        CheckSize(count > int.MaxValue ? int.MaxValue : (int)count);
        var list = new TemplateList((int)count);
        var step = to >= from ? 1 : -1;
        for (var i = from; ; i += step)
        {
            list.Add(i);
            if (i == to)
            {
                break;
            }
        }

        return list;
    }

    private static string Literal(Expr expr) => expr is ReferenceExpr reference ? reference.Source : "null";

    private object? EvaluateBinary(BinaryExpr binary)
    {
        switch (binary.Operator)
        {
            case BinaryOperator.Or:
                return TemplateValues.IsTrue(Evaluate(binary.Left)) || TemplateValues.IsTrue(Evaluate(binary.Right));
            case BinaryOperator.And:
                return TemplateValues.IsTrue(Evaluate(binary.Left)) && TemplateValues.IsTrue(Evaluate(binary.Right));
        }

        var left = Evaluate(binary.Left);
        var right = Evaluate(binary.Right);
        switch (binary.Operator)
        {
            case BinaryOperator.Equal:
                return TemplateValues.AreEqual(left, right, Text);
            case BinaryOperator.NotEqual:
                return !TemplateValues.AreEqual(left, right, Text);
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                if (!TemplateValues.IsNumber(left) || !TemplateValues.IsNumber(right))
                {
                    return false; // Velocity 1.7 compares numbers only.
                }

                var c = Arithmetic.Compare(left!, right!);
                return binary.Operator switch
                {
                    BinaryOperator.Less => c < 0,
                    BinaryOperator.LessOrEqual => c <= 0,
                    BinaryOperator.Greater => c > 0,
                    _ => c >= 0,
                };
            case BinaryOperator.Add when left is string || right is string:
                // Velocity 1.7 concatenates when either side is a string, an undefined side as its source text.
                return CheckLength(string.Concat(left is null ? Literal(binary.Left) : Text(left), right is null ? Literal(binary.Right) : Text(right)));
            default:
                return TemplateValues.IsNumber(left) && TemplateValues.IsNumber(right)
                    ? Arithmetic.Apply(binary.Operator, left!, right!)
                    : null;
        }
    }
}
