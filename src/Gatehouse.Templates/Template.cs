using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>
/// A parsed Velocity mapping template. Parse once (per deployment), render many times, from any number of threads:
/// a template is immutable, each render has its own state.
/// </summary>
public sealed class Template
{
    private readonly Node[] _nodes;

    private Template(string source, Node[] nodes, IReadOnlyDictionary<string, Macro> macros, TemplateLimits limits)
    {
        Source = source;
        _nodes = nodes;
        Macros = macros;
        Limits = limits;
    }

    public string Source { get; }

    public TemplateLimits Limits { get; }

    internal IReadOnlyDictionary<string, Macro> Macros { get; }

    /// <summary>Parses <paramref name="source"/>. Never throws on bad input: syntax errors come back as values.</summary>
    public static TemplateParseResult Parse(string source, TemplateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= TemplateLimits.Default;
        if (source.Length > limits.MaxTemplateLength)
        {
            return new TemplateParseResult(null, [new TemplateError(1, 1, $"the template is longer than {limits.MaxTemplateLength} characters")]);
        }

        var parser = new Parser(source, limits.MaxNestingDepth);
        try
        {
            var nodes = parser.ParseTemplate();
            return new TemplateParseResult(new Template(source, nodes, parser.Macros, limits), []);
        }
        catch (ParseException e)
        {
            var (line, column) = parser.Locate(Math.Min(e.Position, source.Length));
            return new TemplateParseResult(null, [new TemplateError(line, column, e.Message)]);
        }
    }

    /// <summary>Renders the template against <paramref name="context"/>; a failing render answers an error value.</summary>
    public RenderResult Render(TemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Renderer(this, context).Run(_nodes);
    }
}
