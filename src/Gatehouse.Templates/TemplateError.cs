namespace Gatehouse.Templates;

/// <summary>A syntax error of a template, at a 1-based line and column of its source.</summary>
public sealed record TemplateError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
