using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A method's request validation, built once per deployment from its request validator
/// (api-gateway-method-request-validation): with <c>validateRequestParameters</c>, the method request parameters
/// marked required; with <c>validateRequestBody</c>, the body against the model its Content-Type selects in
/// <c>requestModels</c> (else the <c>$default</c> model). Null when the method validates nothing.
/// </summary>
public sealed class RestMethodValidation
{
    private readonly (string Location, string Name)[] _required;
    private readonly (string ContentType, ModelSchema Schema)[] _models;
    private readonly ModelSchema? _defaultModel;

    private RestMethodValidation((string, string)[] required, (string, ModelSchema)[] models, ModelSchema? defaultModel)
    {
        _required = required;
        _models = models;
        _defaultModel = defaultModel;
    }

    public bool ValidatesBody => _models.Length > 0 || _defaultModel is not null;

    /// <summary>
    /// The method's validation, or null when it has no validator or its validator checks nothing that is set. A model
    /// that cannot be compiled fails the deployment's compilation (the control plane refuses such models).
    /// </summary>
    public static RestMethodValidation? For(RestMethod method, IReadOnlyList<RequestValidator> validators, ModelSchemas schemas)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(schemas);
        if (method.RequestValidatorId is not { } validatorId || validators.FirstOrDefault(v => v.Id == validatorId) is not { } validator)
        {
            return null;
        }

        (string, string)[] required = [];
        if (validator.ValidateRequestParameters)
        {
            // In the order of the parameters' keys, as AWS lists them (AWS-recorded: "[x-header-param, issuer, qs1]"
            // for header, path and querystring parameters).
            required = [.. (method.RequestParameters ?? new Dictionary<string, bool>())
                .Where(kv => kv.Value)
                .Select(kv => kv.Key.Split('.', 4))
                .Where(parts => parts is ["method", "request", _, _])
                .OrderBy(parts => string.Join('.', parts), StringComparer.Ordinal)
                .Select(parts => (parts[2], parts[3]))];
        }

        var models = new List<(string, ModelSchema)>();
        ModelSchema? defaultModel = null;
        if (validator.ValidateRequestBody)
        {
            foreach (var (contentType, modelName) in method.RequestModels ?? new Dictionary<string, string>())
            {
                if (!schemas.TryGet(modelName, out var schema))
                {
                    throw new InvalidOperationException($"method {method.HttpMethod}: model '{modelName}' cannot be compiled");
                }

                if (contentType == "$default")
                {
                    defaultModel = schema;
                }
                else
                {
                    models.Add((contentType, schema));
                }
            }
        }

        return required.Length == 0 && models.Count == 0 && defaultModel is null ? null : new RestMethodValidation(required, [.. models], defaultModel);
    }

    /// <summary>The names of the required parameters the request lacks, comma-separated; null when none is missing.</summary>
    public string? MissingParameters(HttpRequest request, RestRequestState state)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        List<string>? missing = null;
        foreach (var (location, name) in _required)
        {
            var present = location switch
            {
                "header" => request.Headers.ContainsKey(name),
                "querystring" => request.Query.ContainsKey(name),
                "path" => !string.IsNullOrEmpty(state.PathParameter(name)),
                _ => true,
            };
            if (!present)
            {
                (missing ??= []).Add(name);
            }
        }

        return missing is null ? null : string.Join(", ", missing);
    }

    /// <summary>The model the request's Content-Type selects (absent: <c>application/json</c>), else <c>$default</c>; null when none applies.</summary>
    public ModelSchema? ModelFor(string? contentType)
    {
        var mediaType = string.IsNullOrWhiteSpace(contentType) ? "application/json" : contentType.Split(';')[0].Trim();
        foreach (var (type, schema) in _models)
        {
            if (string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase))
            {
                return schema;
            }
        }

        return _defaultModel;
    }
}
