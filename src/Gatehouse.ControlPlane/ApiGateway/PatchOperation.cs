namespace Gatehouse.ControlPlane.ApiGateway;

#pragma warning disable CA1812 // instantiated by the JSON deserializer

/// <summary>One member of an apigateway v1 <c>patchOperations</c> list: values are strings, as AWS takes them.</summary>
public sealed class PatchOperation
{
    public string? Op { get; set; }
    public string? Path { get; set; }
    public string? Value { get; set; }
    public string? From { get; set; }
}

/// <summary>The body of every v1 <c>update-*</c> operation.</summary>
internal sealed class PatchInput
{
    public List<PatchOperation>? PatchOperations { get; set; }
}
