using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>The integration request after mapping: what is sent to the backend (or read by MOCK).</summary>
public sealed record IntegrationRequest
{
    /// <summary>Headers, query string and path parameters from the mappings, then the template's overrides.</summary>
    public required MappedRequestParameters Parameters { get; init; }

    /// <summary>The body: the rendered template, or the method request's body passed through (maybe converted).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body's Content-Type: the selected template's key, else the client's.</summary>
    public string? ContentType { get; init; }

    /// <summary>What the request template set in <c>$context.responseOverride</c>; it carries to the method response.</summary>
    public ResponseOverride? ResponseOverride { get; init; }

    /// <summary>The <c>$context</c> map of the request, with what the request template set in it.</summary>
    public required TemplateMap Context { get; init; }
}
