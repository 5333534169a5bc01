namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>The reader's answer: the API when the definition could be read, and every error and warning found.</summary>
internal sealed record ImportReadResult(ImportedApi? Api, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
