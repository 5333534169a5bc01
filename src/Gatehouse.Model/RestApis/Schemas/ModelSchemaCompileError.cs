namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>A model of a deployment whose schema could not be compiled, and why.</summary>
public sealed record ModelSchemaCompileError(string Model, string Message);
