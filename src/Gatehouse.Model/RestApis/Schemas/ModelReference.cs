namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>
/// A <c>$ref</c> to another model of the same API in AWS's canonical form,
/// <c>https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}</c>.
/// </summary>
public static class ModelReference
{
    private const string Prefix = "https://apigateway.amazonaws.com/restapis/";

    public static string For(string restApiId, string modelName) => $"{Prefix}{restApiId}/models/{modelName}";

    /// <summary>The model name a canonical reference of this API names, or null when the reference is not one.</summary>
    public static string? ModelName(string reference, string restApiId)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(restApiId);
        var start = Prefix + restApiId + "/models/";
        if (!reference.StartsWith(start, StringComparison.Ordinal))
        {
            return null;
        }

        var name = reference[start.Length..];
        return name.Length > 0 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
    }
}
