using NJsonSchema;
using NJsonSchema.References;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>Resolves references inside the document only: a file or URL is refused, never read or fetched.</summary>
internal sealed class OfflineReferenceResolver(JsonSchema root)
    : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
{
    public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{ModelSchemaCheck.NotCanonical}: {filePath}");

    public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{ModelSchemaCheck.NotCanonical}: {url}");
}
