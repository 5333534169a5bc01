namespace Gatehouse.Templates.Parsing;

/// <summary>Unwinds the parser at the first syntax error; <see cref="Template.Parse"/> turns it into an error value.</summary>
internal sealed class ParseException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
