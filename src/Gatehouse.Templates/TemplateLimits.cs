namespace Gatehouse.Templates;

/// <summary>
/// The bounds a template runs within, so that a runaway template ends with an error instead of hanging a request or
/// exhausting memory. The defaults follow API Gateway where it documents one (300 KB templates, 1,000 iterations of
/// a <c>#foreach</c>, 10 MB payloads).
/// </summary>
public sealed record TemplateLimits
{
    public static TemplateLimits Default { get; } = new();

    /// <summary>The longest template source accepted (API Gateway: 300 KB).</summary>
    public int MaxTemplateLength { get; init; } = 300 * 1024;

    /// <summary>How deep directives, expressions and string literals may nest in the source.</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>Iterations of one <c>#foreach</c> (API Gateway: 1,000); one more is an error.</summary>
    public int MaxLoopIterations { get; init; } = 1000;

    /// <summary>Evaluation steps of one render (nodes, references, method calls): bounds the time of nested loops.</summary>
    public long MaxSteps { get; init; } = 2_000_000;

    /// <summary>Characters of output, and of any one string a template builds (API Gateway: 10 MB payloads).</summary>
    public int MaxOutputLength { get; init; } = 10 * 1024 * 1024;

    /// <summary>Elements of any one list a template builds (a range, a split, a list grown by add).</summary>
    public int MaxCollectionSize { get; init; } = 100_000;

    /// <summary>How deep <c>#define</c> blocks and macros may call one another while rendering.</summary>
    public int MaxCallDepth { get; init; } = 20;

    /// <summary>How long one regular expression (matches, replaceAll, split) may run.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How an undefined reference without '!' prints: empty, as API Gateway prints it (default), or its
    /// source text, as stock Velocity does.</summary>
    public UndefinedReferences UndefinedReferences { get; init; } = UndefinedReferences.Empty;
}

/// <summary>How an undefined (null) reference without '!' prints.</summary>
public enum UndefinedReferences
{
    /// <summary>Prints nothing, as API Gateway does (<c>$input.path('$.missing')</c> and <c>$nothing</c> print "").</summary>
    Empty,

    /// <summary>Prints the reference's source text (<c>$foo</c> stays <c>$foo</c>), as stock Velocity 1.7 does.</summary>
    Literal,
}
