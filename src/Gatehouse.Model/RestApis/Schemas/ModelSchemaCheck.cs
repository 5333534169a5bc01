using System.Text.Json;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>
/// The control plane's check of a model's schema before it is stored: valid JSON Schema draft 4, draft 4's keywords
/// only, and every <c>$ref</c> either local (<c>#/definitions/...</c>) or a canonical reference to a model of the same
/// API. Every problem is collected; the entries are those AWS lists in its <c>Validation Result</c>.
/// </summary>
public static class ModelSchemaCheck
{
    public const string InvalidSchema = "Invalid model schema specified";
    public const string NotCanonical = "Model reference must be in canonical form";

    /// <summary>
    /// The errors of a schema for model <paramref name="modelName"/>, given the API's other models (empty when the
    /// schema may be stored). A model may reference itself.
    /// </summary>
    public static IReadOnlyList<string> Check(string restApiId, string modelName, string schema, IReadOnlyList<RestModel> models)
    {
        ArgumentNullException.ThrowIfNull(restApiId);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(models);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schema);
        }
        catch (JsonException)
        {
            return [InvalidSchema];
        }

        var errors = new List<string>();
        using (document)
        {
            var root = document.RootElement;
            var rules = Draft4Rules.Check(root);
            errors.AddRange(rules.Errors.Select(e => $"{InvalidSchema}. {e}"));
            if (rules.Unsupported.Count > 0)
            {
                errors.Add($"{InvalidSchema}. Unsupported keyword(s): [{string.Join(',', rules.Unsupported.Select(k => JsonSerializer.Serialize(k)))}]");
            }

            foreach (var (pointer, reference) in rules.References)
            {
                if (reference.StartsWith('#'))
                {
                    if (!JsonPointer.TryResolve(root, reference, out _))
                    {
                        errors.Add($"{InvalidSchema}. {pointer}/$ref: '{reference}' does not resolve");
                    }
                }
                else if (ModelReference.ModelName(reference, restApiId) is not { } name)
                {
                    AddOnce(errors, NotCanonical);
                }
                else if (name != modelName && !models.Any(m => m.Name == name))
                {
                    AddOnce(errors, $"Invalid model specified: {name}");
                }
            }
        }

        if (errors.Count == 0)
        {
            // What the meta-schema allows, the validator must also be able to compile: check it the way a deployment will.
            var others = models.Where(m => m.Name != modelName);
            var candidate = new RestModel { Id = "", Name = modelName, Schema = schema, ContentType = "application/json" };
            if (ModelSchemas.CompileError(restApiId, modelName, [.. others, candidate]) is { } error)
            {
                errors.Add($"{InvalidSchema}. {error}");
            }
        }

        return errors;
    }

    /// <summary>AWS's BadRequestException message for a list of errors from <see cref="Check"/>.</summary>
    public static string Message(IReadOnlyList<string> errors) =>
        $"Invalid model specified: Validation Result: warnings : [], errors : [{string.Join(", ", errors)}]";

    /// <summary>The names of the models whose schemas reference <paramref name="modelName"/> (other than itself).</summary>
    public static IReadOnlyList<string> ReferencedBy(string restApiId, string modelName, IReadOnlyList<RestModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var result = new List<string>();
        foreach (var model in models)
        {
            if (model.Name != modelName && model.Schema is { } schema
                && ModelSchemas.CanonicalReferences(schema, restApiId).Contains(modelName))
            {
                result.Add(model.Name);
            }
        }

        return result;
    }

    private static void AddOnce(List<string> errors, string error)
    {
        if (!errors.Contains(error))
        {
            errors.Add(error);
        }
    }
}
