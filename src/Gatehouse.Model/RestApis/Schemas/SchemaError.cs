namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>One reason a body does not match a model: where (a JSON pointer such as <c>#/pets/0/name</c>) and what.</summary>
public sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
