using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>The value of a <c>#define</c>d reference: its block, rendered where (and each time) it is referenced.</summary>
internal sealed class DefineBlock(Node[] body) : InternalValue
{
    public Node[] Body { get; } = body;
}
