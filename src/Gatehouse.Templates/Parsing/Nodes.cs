namespace Gatehouse.Templates.Parsing;

// The syntax tree of a parsed template: immutable, shared by every render of the template.

internal abstract record Node(int Line, int Column);

internal sealed record TextNode(string Text, int Line, int Column) : Node(Line, Column);

/// <summary><c>$ref</c>, <c>$!ref</c>, <c>${ref}</c>; <paramref name="Source"/> is the text printed for an undefined
/// reference in Velocity's literal mode.</summary>
internal sealed record ReferenceNode(Reference Reference, bool Quiet, string Source, int Line, int Column) : Node(Line, Column);

/// <summary><c>\$ref</c> (an odd number of backslashes): prints the reference's source text.</summary>
internal sealed record EscapedReferenceNode(Reference Reference, string Source, int Backslashes, int Line, int Column) : Node(Line, Column);

internal sealed record SetNode(Reference Target, Expr Value, int Line, int Column) : Node(Line, Column);

internal sealed record IfBranch(Expr Condition, Node[] Body);

internal sealed record IfNode(IfBranch[] Branches, Node[]? Else, int Line, int Column) : Node(Line, Column);

internal sealed record ForeachNode(string Variable, Expr Source, Node[] Body, int Line, int Column) : Node(Line, Column);

internal sealed record BreakNode(int Line, int Column) : Node(Line, Column);

internal sealed record StopNode(int Line, int Column) : Node(Line, Column);

internal sealed record DefineNode(string Name, Node[] Body, int Line, int Column) : Node(Line, Column);

internal sealed record MacroCallNode(string Name, Expr[] Arguments, string Source, int Line, int Column) : Node(Line, Column);

internal sealed record Macro(string Name, string[] Parameters, Node[] Body);

/// <summary>A reference: a variable and what follows it (<c>.name</c>, <c>.name(args)</c>, <c>[index]</c>).</summary>
internal sealed record Reference(string Variable, Segment[] Segments, int Line, int Column);

internal abstract record Segment;

internal sealed record PropertySegment(string Name) : Segment;

internal sealed record MethodSegment(string Name, Expr[] Arguments) : Segment
{
    /// <summary>The last regular expression this call site compiled (replaceAll, matches, split): one per call site,
    /// so the cache is bounded by the template's size.</summary>
    public RegexCache Regex { get; } = new();

    /// <summary>The last JSONPath this call site parsed ($input.path, $input.json).</summary>
    public JsonPathCache JsonPath { get; } = new();
}

internal sealed record IndexSegment(Expr Index) : Segment;

internal abstract record Expr(int Line, int Column);

internal sealed record LiteralExpr(object? Value, int Line, int Column) : Expr(Line, Column);

internal sealed record InterpolatedStringExpr(Node[] Parts, int Line, int Column) : Expr(Line, Column);

internal sealed record ListExpr(Expr[] Items, int Line, int Column) : Expr(Line, Column);

internal sealed record RangeExpr(Expr From, Expr To, int Line, int Column) : Expr(Line, Column);

internal sealed record MapExpr(KeyValuePair<Expr, Expr>[] Entries, int Line, int Column) : Expr(Line, Column);

/// <summary>A reference in an expression; <paramref name="Source"/> is its text, which Velocity's '+' uses for an
/// undefined operand.</summary>
internal sealed record ReferenceExpr(Reference Reference, string Source, int Line, int Column) : Expr(Line, Column);

internal sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, int Line, int Column) : Expr(Line, Column);

internal sealed record NotExpr(Expr Operand, int Line, int Column) : Expr(Line, Column);

internal enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
