namespace Gatehouse.Templates;

/// <summary>
/// Ends a render that cannot go on (a limit reached, a method that fails as Java's would). Internal: it never leaves
/// <see cref="Template.Render(TemplateContext)"/>, which answers a <see cref="RenderResult"/> instead.
/// </summary>
internal sealed class TemplateRuntimeException(RenderErrorKind kind, string message) : Exception(message)
{
    public RenderErrorKind Kind { get; } = kind;

    public int Line { get; set; }

    public int Column { get; set; }
}
