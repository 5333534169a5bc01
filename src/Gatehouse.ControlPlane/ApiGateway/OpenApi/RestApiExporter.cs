using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// Writes a deployed REST API as API Gateway's GetExport does: Swagger 2.0 or OpenAPI 3.0.1, paths from the
/// snapshot's resources, parameters from method request parameters, bodies and responses from models and method
/// responses, only the models that methods use (and what they reference), and the <c>x-amazon-apigateway-*</c>
/// extensions when asked. Values left at AWS's defaults are left out, as AWS's own exports do.
/// </summary>
internal static class RestApiExporter
{
    private const string DefaultContentType = "application/json";

    /// <summary>The <c>info.version</c> AWS writes: the API's version, else the deployment's date.</summary>
    public static string VersionOf(RestApi api, RestDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(deployment);
        return api.Version is { Length: > 0 } version
            ? version
            : deployment.CreatedDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public static JsonObject Export(RestApi api, RestDeploymentSnapshot snapshot, RestDeployment deployment, string stageName, string region, ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);
        var swagger = options.Format == OpenApiFormat.Swagger2;
        var root = new JsonObject();
        var info = new JsonObject();
        if (swagger)
        {
            root["swagger"] = "2.0";
            info["description"] = api.Description;
            info["version"] = VersionOf(api, deployment);
            info["title"] = api.Name;
        }
        else
        {
            root["openapi"] = "3.0.1";
            info["title"] = api.Name;
            info["description"] = api.Description;
            info["version"] = VersionOf(api, deployment);
        }

        RemoveNulls(info);
        root["info"] = info;
        var host = $"{api.Id}.execute-api.{region}.amazonaws.com";
        if (swagger)
        {
            root["host"] = host;
            root["basePath"] = "/" + stageName;
            root["schemes"] = new JsonArray("https");
        }
        else
        {
            root["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = $"https://{host}/{{basePath}}",
                ["variables"] = new JsonObject { ["basePath"] = new JsonObject { ["default"] = stageName } },
            });
        }

        var schemes = new JsonObject();
        var usedModels = new List<string>();
        var paths = new JsonObject();
        foreach (var resource in snapshot.Resources.OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            if (resource.ResourceMethods is not { Count: > 0 } methods)
            {
                continue;
            }

            var item = new JsonObject();
            foreach (var (key, verb) in OpenApiExtensions.Operations)
            {
                if (methods.TryGetValue(verb, out var method))
                {
                    item[key] = Operation(snapshot, resource, method, options, schemes, usedModels);
                }
            }

            paths[resource.Path ?? "/"] = item;
        }

        root["paths"] = paths;
        var models = Models(api.Id, snapshot.Models, usedModels, options.Format);
        if (swagger)
        {
            if (schemes.Count > 0)
            {
                root["securityDefinitions"] = schemes;
            }

            if (models.Count > 0)
            {
                root["definitions"] = models;
            }
        }
        else
        {
            var components = new JsonObject();
            if (models.Count > 0)
            {
                components["schemas"] = models;
            }

            if (schemes.Count > 0)
            {
                components["securitySchemes"] = schemes;
            }

            root["components"] = components;
        }

        if (options.Integrations)
        {
            AddApiExtensions(root, snapshot, options);
        }

        return root;
    }

    private static void AddApiExtensions(JsonObject root, RestDeploymentSnapshot snapshot, ExportOptions options)
    {
        if (options.ApiGateway && snapshot.RequestValidators.Count > 0)
        {
            var validators = new JsonObject();
            foreach (var validator in snapshot.RequestValidators)
            {
                validators[validator.Name ?? validator.Id] = new JsonObject
                {
                    ["validateRequestParameters"] = validator.ValidateRequestParameters,
                    ["validateRequestBody"] = validator.ValidateRequestBody,
                };
            }

            root[OpenApiExtensions.RequestValidators] = validators;
        }

        if (snapshot.Policy is { Length: > 0 } policy)
        {
            root[OpenApiExtensions.Policy] = ParseOrText(policy);
        }

        var responses = new JsonObject();
        foreach (var response in snapshot.GatewayResponses.Where(r => !r.DefaultResponse))
        {
            var value = new JsonObject();
            if (response.StatusCode is { } status)
            {
                value["statusCode"] = status;
            }

            AddMap(value, "responseParameters", response.ResponseParameters);
            AddMap(value, "responseTemplates", response.ResponseTemplates);
            responses[response.ResponseType] = value;
        }

        if (responses.Count > 0)
        {
            root[OpenApiExtensions.GatewayResponses] = responses;
        }

        if (snapshot.ApiKeySource != "HEADER")
        {
            root[OpenApiExtensions.ApiKeySource] = snapshot.ApiKeySource;
        }

        if (snapshot.MinimumCompressionSize is { } size)
        {
            root[OpenApiExtensions.MinimumCompressionSize] = size;
        }

        if (snapshot.BinaryMediaTypes.Count > 0)
        {
            root[OpenApiExtensions.BinaryMediaTypes] = new JsonArray([.. snapshot.BinaryMediaTypes.Select(t => (JsonNode)t)]);
        }
    }

    private static JsonObject Operation(RestDeploymentSnapshot snapshot, RestResource resource, RestMethod method, ExportOptions options,
        JsonObject schemes, List<string> usedModels)
    {
        var swagger = options.Format == OpenApiFormat.Swagger2;
        var operation = new JsonObject();
        if (method.OperationName is { Length: > 0 } operationId)
        {
            operation["operationId"] = operationId;
        }

        if (swagger)
        {
            var consumes = (method.RequestModels?.Keys ?? []).Concat(method.MethodIntegration?.RequestTemplates?.Keys ?? []).Distinct().ToList();
            var produces = (method.MethodResponses?.Values ?? []).SelectMany(r => r.ResponseModels?.Keys ?? [])
                .Concat((method.MethodIntegration?.IntegrationResponses?.Values ?? []).SelectMany(r => r.ResponseTemplates?.Keys ?? []))
                .Distinct().ToList();
            if (consumes.Count > 0)
            {
                operation["consumes"] = Strings(consumes);
            }

            if (produces.Count > 0)
            {
                operation["produces"] = Strings(produces);
            }
        }

        var parameters = new JsonArray();
        foreach (var location in (string[])["path", "querystring", "header"])
        {
            var prefix = $"method.request.{location}.";
            foreach (var (key, required) in method.RequestParameters ?? new Dictionary<string, bool>())
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var parameter = new JsonObject
                {
                    ["name"] = key[prefix.Length..],
                    ["in"] = location == "querystring" ? "query" : location,
                };
                var isRequired = location == "path" || required;
                if (swagger)
                {
                    parameter["required"] = isRequired;
                    parameter["type"] = "string";
                }
                else
                {
                    if (isRequired)
                    {
                        parameter["required"] = true;
                    }

                    parameter["schema"] = new JsonObject { ["type"] = "string" };
                }

                parameters.Add(parameter);
            }
        }

        var bodyModels = (method.RequestModels ?? new Dictionary<string, string>()).Where(m => IsModel(snapshot, m.Value)).ToList();
        if (swagger && bodyModels.Count > 0)
        {
            var (_, model) = bodyModels.FirstOrDefault(m => m.Key == DefaultContentType) is { Value: not null } json ? json : bodyModels[0];
            usedModels.Add(model);
            parameters.Add(new JsonObject
            {
                ["in"] = "body",
                ["name"] = model,
                ["required"] = true,
                ["schema"] = Ref(options.Format, model),
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (!swagger && bodyModels.Count > 0)
        {
            var content = new JsonObject();
            foreach (var (contentType, model) in bodyModels)
            {
                usedModels.Add(model);
                content[contentType] = new JsonObject { ["schema"] = Ref(options.Format, model) };
            }

            operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
        }

        var responses = new JsonObject();
        foreach (var (status, response) in (method.MethodResponses ?? new Dictionary<string, MethodResponse>()).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            responses[status] = Response(snapshot, response, options.Format, usedModels);
        }

        operation["responses"] = responses;
        var security = Security(snapshot, method, options, schemes);
        if (security.Count > 0)
        {
            operation["security"] = security;
        }

        if (options.ApiGateway && method.RequestValidatorId is { } validatorId &&
            snapshot.RequestValidators.FirstOrDefault(v => v.Id == validatorId) is { } validator)
        {
            operation[OpenApiExtensions.RequestValidator] = validator.Name ?? validator.Id;
        }

        if (options.Integrations && method.MethodIntegration is { } integration)
        {
            operation[OpenApiExtensions.Integration] = Integration(resource, integration);
        }

        return operation;
    }

    private static JsonObject Response(RestDeploymentSnapshot snapshot, MethodResponse response, OpenApiFormat format, List<string> usedModels)
    {
        var swagger = format == OpenApiFormat.Swagger2;
        var answer = new JsonObject { ["description"] = $"{response.StatusCode} response" };
        var models = (response.ResponseModels ?? new Dictionary<string, string>()).Where(m => IsModel(snapshot, m.Value)).ToList();
        if (swagger && models.Count > 0)
        {
            var (_, model) = models.FirstOrDefault(m => m.Key == DefaultContentType) is { Value: not null } json ? json : models[0];
            usedModels.Add(model);
            answer["schema"] = Ref(format, model);
        }

        const string HeaderPrefix = "method.response.header.";
        var headers = new JsonObject();
        foreach (var name in (response.ResponseParameters?.Keys ?? []).Where(k => k.StartsWith(HeaderPrefix, StringComparison.Ordinal)))
        {
            headers[name[HeaderPrefix.Length..]] = swagger
                ? new JsonObject { ["type"] = "string" }
                : new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
        }

        if (headers.Count > 0)
        {
            answer["headers"] = headers;
        }

        if (!swagger)
        {
            var content = new JsonObject();
            foreach (var (contentType, model) in models)
            {
                usedModels.Add(model);
                content[contentType] = new JsonObject { ["schema"] = Ref(format, model) };
            }

            answer["content"] = content;
        }

        return answer;
    }

    private static JsonArray Security(RestDeploymentSnapshot snapshot, RestMethod method, ExportOptions options, JsonObject schemes)
    {
        var requirements = new JsonArray();
        switch (method.AuthorizationType)
        {
            case "AWS_IAM":
                schemes["sigv4"] ??= new JsonObject
                {
                    ["type"] = "apiKey",
                    ["name"] = "Authorization",
                    ["in"] = "header",
                    [OpenApiExtensions.AuthType] = "awsSigv4",
                };
                requirements.Add(new JsonObject { ["sigv4"] = new JsonArray() });
                break;
            case "CUSTOM" or "COGNITO_USER_POOLS" when snapshot.Authorizers.FirstOrDefault(a => a.Id == method.AuthorizerId) is { } authorizer:
                schemes[authorizer.Name] ??= AuthorizerScheme(authorizer, options);
                requirements.Add(new JsonObject { [authorizer.Name] = Strings(method.AuthorizationScopes ?? []) });
                break;
        }

        if (method.ApiKeyRequired)
        {
            schemes["api_key"] ??= new JsonObject { ["type"] = "apiKey", ["name"] = "x-api-key", ["in"] = "header" };
            requirements.Add(new JsonObject { ["api_key"] = new JsonArray() });
        }

        return requirements;
    }

    private static JsonObject AuthorizerScheme(RestAuthorizer authorizer, ExportOptions options)
    {
        const string HeaderSource = "method.request.header.";
        var header = authorizer.IdentitySource is { } source && source.StartsWith(HeaderSource, StringComparison.Ordinal) && !source.Contains(',', StringComparison.Ordinal)
            ? source[HeaderSource.Length..]
            : authorizer.Type == "REQUEST" ? "Unused" : "Authorization";
        var scheme = new JsonObject
        {
            ["type"] = "apiKey",
            ["name"] = header,
            ["in"] = "header",
            [OpenApiExtensions.AuthType] = authorizer.AuthType ?? (authorizer.Type == "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom"),
        };
        if (options.Authorizers)
        {
            var extension = new JsonObject { ["type"] = authorizer.Type.ToLowerInvariant() };
            if (authorizer.ProviderARNs is { Count: > 0 } arns)
            {
                extension["providerARNs"] = Strings(arns);
            }

            extension["authorizerUri"] = authorizer.AuthorizerUri;
            extension["authorizerCredentials"] = authorizer.AuthorizerCredentials;
            extension["identitySource"] = authorizer.IdentitySource;
            extension["identityValidationExpression"] = authorizer.IdentityValidationExpression;
            extension["authorizerResultTtlInSeconds"] = authorizer.AuthorizerResultTtlInSeconds;
            RemoveNulls(extension);
            scheme[OpenApiExtensions.Authorizer] = extension;
        }

        return scheme;
    }

    private static JsonObject Integration(RestResource resource, RestIntegration integration)
    {
        var value = new JsonObject { ["type"] = integration.Type.ToLowerInvariant() };
        value["httpMethod"] = integration.HttpMethod;
        value["uri"] = integration.Uri;
        value["credentials"] = integration.Credentials;
        if (integration.ConnectionType is "VPC_LINK")
        {
            value["connectionType"] = integration.ConnectionType;
            value["connectionId"] = integration.ConnectionId;
        }

        if (integration.IntegrationResponses is { Count: > 0 } integrationResponses)
        {
            var responses = new JsonObject();
            foreach (var response in integrationResponses.Values.OrderBy(r => r.StatusCode, StringComparer.Ordinal))
            {
                var answer = new JsonObject { ["statusCode"] = response.StatusCode };
                AddMap(answer, "responseParameters", response.ResponseParameters);
                AddMap(answer, "responseTemplates", response.ResponseTemplates);
                answer["contentHandling"] = response.ContentHandling;
                RemoveNulls(answer);
                responses[response.SelectionPattern is { Length: > 0 } pattern ? pattern : "default"] = answer;
            }

            value["responses"] = responses;
        }

        AddMap(value, "requestParameters", integration.RequestParameters);
        AddMap(value, "requestTemplates", integration.RequestTemplates);
        value["passthroughBehavior"] = integration.PassthroughBehavior?.ToLowerInvariant();
        value["contentHandling"] = integration.ContentHandling;
        if (integration.TimeoutInMillis != IntegrationOperations.MaxTimeout)
        {
            value["timeoutInMillis"] = integration.TimeoutInMillis;
        }

        if (integration.CacheNamespace is { } cacheNamespace && cacheNamespace != resource.Id)
        {
            value["cacheNamespace"] = cacheNamespace;
        }

        if (integration.CacheKeyParameters.Count > 0)
        {
            value["cacheKeyParameters"] = Strings(integration.CacheKeyParameters);
        }

        if (integration.TlsConfig?.InsecureSkipVerification is { } insecure)
        {
            value["tlsConfig"] = new JsonObject { ["insecureSkipVerification"] = insecure };
        }

        RemoveNulls(value);
        return value;
    }

    /// <summary>The used models and every model they reference, in the API's order, with references made local.</summary>
    private static JsonObject Models(string apiId, IReadOnlyList<RestModel> models, List<string> used, OpenApiFormat format)
    {
        var byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(used);
        var schemas = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        while (pending.TryPop(out var name))
        {
            if (!wanted.Add(name) || !byName.TryGetValue(name, out var model))
            {
                continue;
            }

            var schema = ParseOrText(model.Schema ?? "{}");
            foreach (var reference in LocalizeReferences(schema, apiId, format))
            {
                pending.Push(reference);
            }

            if (schema is JsonObject obj)
            {
                obj.Remove("$schema");
            }

            schemas[name] = schema;
        }

        var answer = new JsonObject();
        foreach (var model in models.Where(m => schemas.ContainsKey(m.Name)))
        {
            answer[model.Name] = schemas[model.Name];
        }

        return answer;
    }

    /// <summary>Rewrites canonical model references to local ones in place; returns the model names referenced.</summary>
    private static List<string> LocalizeReferences(JsonNode? node, string apiId, OpenApiFormat format)
    {
        var names = new List<string>();
        Walk(node);
        return names;

        void Walk(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var text) &&
                        ModelReference.ModelName(text, apiId) is { } name)
                    {
                        names.Add(name);
                        obj["$ref"] = OpenApiExtensions.ModelReference(format, name);
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        Walk(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Walk(child);
                    }

                    break;
            }
        }
    }

    private static bool IsModel(RestDeploymentSnapshot snapshot, string name) => snapshot.Models.Any(m => m.Name == name);

    private static JsonObject Ref(OpenApiFormat format, string model) => new() { ["$ref"] = OpenApiExtensions.ModelReference(format, model) };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static void AddMap(JsonObject target, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is { Count: > 0 })
        {
            var obj = new JsonObject();
            foreach (var (key, value) in map)
            {
                obj[key] = value;
            }

            target[name] = obj;
        }
    }

    private static JsonNode? ParseOrText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }
    }
}
