namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>How AWS words an import's errors and warnings in one exception message.</summary>
internal static class ImportMessages
{
    public static string Errors(IReadOnlyList<string> errors) => "Errors found during import:\n\t" + string.Join("\n\t", errors);

    public static string Warnings(IReadOnlyList<string> warnings) => "Warnings found during import:\n\t" + string.Join("\n\t", warnings);
}
