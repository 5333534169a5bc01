namespace Gatehouse.Templates;

/// <summary>The outcome of <see cref="Template.Parse"/>: the template, or the errors that make it invalid.</summary>
public sealed record TemplateParseResult(Template? Template, IReadOnlyList<TemplateError> Errors)
{
    public bool Succeeded => Template is not null;
}
