using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Model.RestApis;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// Reads a Swagger 2.0 or OpenAPI 3.0 definition with API Gateway's extensions into an <see cref="ImportedApi"/>:
/// resources from paths, method request parameters from parameters, request models from bodies, method responses
/// from responses, models from definitions or <c>components/schemas</c>, authorizers from security schemes, and
/// the <c>x-amazon-apigateway-*</c> extensions. Minor problems are warnings, as AWS reports them.
/// </summary>
internal sealed class OpenApiReader
{
    private const string DefaultContentType = "application/json";
    private readonly JsonObject _root;
    private readonly OpenApiFormat _format;
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, JsonObject> _schemes = new(StringComparer.Ordinal);

    private OpenApiReader(JsonObject root, OpenApiFormat format)
    {
        _root = root;
        _format = format;
    }

    /// <summary>The definition's version, or null when it is neither Swagger 2.0 nor OpenAPI 3.0.</summary>
    public static OpenApiFormat? FormatOf(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (Text(definition["swagger"]) is "2.0")
        {
            return OpenApiFormat.Swagger2;
        }

        return Text(definition["openapi"]) is { } version && version.StartsWith("3.0", StringComparison.Ordinal) ? OpenApiFormat.OpenApi3 : null;
    }

    public static ImportReadResult Read(JsonObject definition, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        if (FormatOf(definition) is not { } format || definition["paths"] is not (null or JsonObject))
        {
            return new ImportReadResult(null, ["Invalid OpenAPI input."], []);
        }

        var reader = new OpenApiReader(definition, format);
        var api = reader.ReadApi(options);
        return new ImportReadResult(api, reader._errors, reader._warnings);
    }

    private ImportedApi ReadApi(ImportOptions options)
    {
        var info = _root["info"] as JsonObject;
        var name = Text(info?["title"]);
        if (string.IsNullOrEmpty(name))
        {
            _errors.Add("Unable to create API: a title is required in info");
        }

        var securitySchemes = _format == OpenApiFormat.Swagger2
            ? _root["securityDefinitions"] as JsonObject
            : (_root["components"] as JsonObject)?["securitySchemes"] as JsonObject;
        foreach (var (schemeName, scheme) in securitySchemes ?? [])
        {
            if (Resolve(scheme) is JsonObject obj)
            {
                _schemes[schemeName] = obj;
            }
        }

        if (_root[OpenApiExtensions.Documentation] is not null && !options.IgnoreDocumentation)
        {
            _warnings.Add("Documentation parts are not supported by Gatehouse yet: x-amazon-apigateway-documentation was not imported");
        }

        var endpoint = _root[OpenApiExtensions.EndpointConfiguration] as JsonObject;
        return new ImportedApi
        {
            Name = name ?? "",
            Description = Text(info?["description"]),
            Version = Text(info?["version"]),
            BinaryMediaTypes = Strings(_root[OpenApiExtensions.BinaryMediaTypes]),
            ApiKeySource = Text(_root[OpenApiExtensions.ApiKeySource])?.ToUpperInvariant(),
            Policy = _root[OpenApiExtensions.Policy] switch
            {
                null => null,
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                var policy => policy.ToJsonString(),
            },
            MinimumCompressionSize = Integer(_root[OpenApiExtensions.MinimumCompressionSize], OpenApiExtensions.MinimumCompressionSize),
            EndpointTypes = Strings(endpoint?["types"]),
            DisableExecuteApiEndpoint = endpoint?["disableExecuteApiEndpoint"] is JsonValue disable && disable.TryGetValue<bool>(out var d) ? d : null,
            Paths = ReadPaths(BasePath(options.BasePath)),
            Models = ReadModels(),
            RequestValidators = ReadValidators(),
            Authorizers = ReadAuthorizers(),
            GatewayResponses = ReadGatewayResponses(),
        };
    }

    /// <summary>What the base path adds in front of every path: nothing (ignore), all of it (prepend) or all but its first segment (split).</summary>
    private string BasePath(string mode)
    {
        string? basePath;
        if (_format == OpenApiFormat.Swagger2)
        {
            basePath = Text(_root["basePath"]);
        }
        else
        {
            var server = (_root["servers"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var url = Text(server?["url"]) ?? "";
            foreach (var (variable, value) in server?["variables"] as JsonObject ?? [])
            {
                url = url.Replace("{" + variable + "}", Text((value as JsonObject)?["default"]) ?? "", StringComparison.Ordinal);
            }

            basePath = Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
                ? Uri.UnescapeDataString(absolute.AbsolutePath)
                : url.StartsWith('/') ? url : "/" + url;
        }

        var segments = (basePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return mode switch
        {
            "prepend" => segments.Length == 0 ? "" : "/" + string.Join('/', segments),
            "split" => segments.Length <= 1 ? "" : "/" + string.Join('/', segments[1..]),
            _ => "",
        };
    }

    private List<ImportedPath> ReadPaths(string prefix)
    {
        var paths = new List<ImportedPath>();
        foreach (var (path, itemNode) in _root["paths"] as JsonObject ?? [])
        {
            if (Resolve(itemNode) is not JsonObject item)
            {
                _errors.Add($"Unable to create resource at path '{path}': a path item must be an object");
                continue;
            }

            var fullPath = (prefix + "/" + path.Trim('/')).TrimEnd('/');
            fullPath = fullPath.Length == 0 ? "/" : fullPath;
            var shared = item["parameters"] as JsonArray;
            var methods = new Dictionary<string, ImportedMethod>(StringComparer.Ordinal);
            foreach (var (key, verb) in OpenApiExtensions.Operations)
            {
                if (Resolve(item[key]) is JsonObject operation)
                {
                    methods[verb] = ReadMethod(fullPath, verb, operation, shared);
                }
            }

            paths.Add(new ImportedPath(fullPath, methods));
        }

        return paths;
    }

    private ImportedMethod ReadMethod(string path, string verb, JsonObject operation, JsonArray? shared)
    {
        var parameters = new Dictionary<string, bool>(StringComparer.Ordinal);
        var requestModels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in (shared ?? []).Concat(operation["parameters"] as JsonArray ?? []))
        {
            if (Resolve(node) is not JsonObject parameter || Text(parameter["name"]) is not { } name)
            {
                continue;
            }

            var location = Text(parameter["in"]);
            var required = parameter["required"] is JsonValue r && r.TryGetValue<bool>(out var isRequired) && isRequired;
            switch (location)
            {
                case "path":
                    parameters[$"method.request.path.{name}"] = true;
                    break;
                case "query":
                    parameters[$"method.request.querystring.{name}"] = required;
                    break;
                case "header":
                    parameters[$"method.request.header.{name}"] = required;
                    break;
                case "body" when ModelOf(parameter["schema"], path, verb) is { } model:
                    foreach (var contentType in MediaTypes(operation, "consumes"))
                    {
                        requestModels[contentType] = model;
                    }

                    break;
            }
        }

        // AWS declares every variable of the path, whether or not the definition lists it (recorded: ANY /echo/{data}).
        foreach (var part in path.Split('/'))
        {
            if (part is ['{', .. var variable, '}'])
            {
                parameters.TryAdd($"method.request.path.{variable.TrimEnd('+')}", true);
            }
        }

        if (_format == OpenApiFormat.OpenApi3 && Resolve(operation["requestBody"]) is JsonObject body)
        {
            foreach (var (contentType, media) in body["content"] as JsonObject ?? [])
            {
                if (ModelOf((media as JsonObject)?["schema"], path, verb) is { } model)
                {
                    requestModels[contentType] = model;
                }
            }
        }

        var responses = new Dictionary<string, MethodResponse>(StringComparer.Ordinal);
        foreach (var (status, responseNode) in operation["responses"] as JsonObject ?? [])
        {
            if (status == "default")
            {
                _warnings.Add($"Default response ignored for resource '{path}' and method '{verb}': API Gateway needs a status code");
                continue;
            }

            if (Resolve(responseNode) is JsonObject response)
            {
                responses[status] = ReadResponse(status, response, operation, path, verb);
            }
        }

        var (authorizationType, authorizerName, scopes, apiKeyRequired) = ReadSecurity(operation);
        var validatorName = Text(operation[OpenApiExtensions.RequestValidator]) ?? Text(_root[OpenApiExtensions.RequestValidator]);
        var method = new RestMethod
        {
            HttpMethod = verb,
            AuthorizationType = authorizationType,
            ApiKeyRequired = apiKeyRequired,
            AuthorizationScopes = scopes is { Count: > 0 } ? scopes : null,
            OperationName = Text(operation["operationId"]),
            RequestParameters = parameters.Count > 0 ? parameters : null,
            RequestModels = requestModels.Count > 0 ? requestModels : null,
            MethodResponses = responses.Count > 0 ? responses : null,
            MethodIntegration = operation[OpenApiExtensions.Integration] is JsonObject integration ? ReadIntegration(integration, path, verb) : null,
        };
        return new ImportedMethod(method, authorizerName, validatorName);
    }

    private MethodResponse ReadResponse(string status, JsonObject response, JsonObject operation, string path, string verb)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_format == OpenApiFormat.Swagger2)
        {
            if (ModelOf(response["schema"], path, verb) is { } model)
            {
                foreach (var contentType in MediaTypes(operation, "produces"))
                {
                    models[contentType] = model;
                }
            }
        }
        else
        {
            foreach (var (contentType, media) in response["content"] as JsonObject ?? [])
            {
                if (ModelOf((media as JsonObject)?["schema"], path, verb) is { } model)
                {
                    models[contentType] = model;
                }
            }
        }

        var headers = (response["headers"] as JsonObject ?? []).ToDictionary(h => $"method.response.header.{h.Key}", _ => false, StringComparer.Ordinal);
        return new MethodResponse
        {
            StatusCode = status,
            ResponseParameters = headers.Count > 0 ? headers : null,
            ResponseModels = models.Count > 0 ? models : null,
        };
    }

    private (string Type, string? Authorizer, List<string>? Scopes, bool ApiKey) ReadSecurity(JsonObject operation)
    {
        var type = "NONE";
        string? authorizer = null;
        List<string>? scopes = null;
        var apiKey = false;

        // The developer guide's known issues say root-level security is ignored, but AWS applies it to operations
        // without their own (recorded: test_import_with_global_api_key_authorizer); "security: []" opts out.
        var security = operation.ContainsKey("security") ? operation["security"] as JsonArray : _root["security"] as JsonArray;
        foreach (var requirement in (security ?? []).OfType<JsonObject>())
        {
            foreach (var (name, scopeList) in requirement)
            {
                if (!_schemes.TryGetValue(name, out var scheme))
                {
                    _errors.Add($"Unable to find security scheme '{name}' named by an operation's security");
                    continue;
                }

                var authType = Text(scheme[OpenApiExtensions.AuthType]);
                if (scheme[OpenApiExtensions.Authorizer] is JsonObject extension)
                {
                    authorizer = name;
                    type = Text(extension["type"])?.Equals("cognito_user_pools", StringComparison.OrdinalIgnoreCase) == true ? "COGNITO_USER_POOLS" : "CUSTOM";
                    scopes = Strings(scopeList)?.ToList();
                }
                else if (authType is not null && authType.StartsWith("aws", StringComparison.OrdinalIgnoreCase))
                {
                    type = "AWS_IAM";
                }
                else if (Text(scheme["type"]) == "apiKey" && string.Equals(Text(scheme["name"]), "x-api-key", StringComparison.OrdinalIgnoreCase))
                {
                    apiKey = true;
                }
            }
        }

        var auth = Text((operation[OpenApiExtensions.Auth] as JsonObject)?["type"])?.ToUpperInvariant();
        if (auth is "AWS_IAM" or "NONE")
        {
            type = auth;
            authorizer = null;
        }

        return (type, authorizer, scopes, apiKey);
    }

    private RestIntegration ReadIntegration(JsonObject integration, string path, string verb)
    {
        var type = Text(integration["type"])?.ToUpperInvariant() ?? "";
        var responses = new Dictionary<string, IntegrationResponse>(StringComparer.Ordinal);
        foreach (var (pattern, node) in integration["responses"] as JsonObject ?? [])
        {
            if (node is not JsonObject response)
            {
                continue;
            }

            var status = Text(response["statusCode"]) ?? "";
            responses[status] = new IntegrationResponse
            {
                StatusCode = status,
                SelectionPattern = pattern == "default" ? null : pattern,
                ResponseParameters = StringMap(response["responseParameters"], "responseParameters", path, verb),
                ResponseTemplates = StringMap(response["responseTemplates"], "responseTemplates", path, verb),
                ContentHandling = Text(response["contentHandling"]),
            };
        }

        return new RestIntegration
        {
            Type = type,
            HttpMethod = Text(integration["httpMethod"])?.ToUpperInvariant(),
            Uri = Text(integration["uri"]),
            ConnectionType = type == "MOCK" ? null : Text(integration["connectionType"])?.ToUpperInvariant() ?? "INTERNET",
            ConnectionId = Text(integration["connectionId"]),
            Credentials = Text(integration["credentials"]),
            RequestParameters = StringMap(integration["requestParameters"], "requestParameters", path, verb),
            RequestTemplates = StringMap(integration["requestTemplates"], "requestTemplates", path, verb),
            PassthroughBehavior = Text(integration["passthroughBehavior"])?.ToUpperInvariant() ?? "WHEN_NO_MATCH",
            ContentHandling = Text(integration["contentHandling"]),
            TimeoutInMillis = Integer(integration["timeoutInMillis"], "timeoutInMillis") ?? IntegrationOperations.MaxTimeout,
            CacheNamespace = Text(integration["cacheNamespace"]),
            CacheKeyParameters = Strings(integration["cacheKeyParameters"]) ?? [],
            IntegrationResponses = responses.Count > 0 ? responses : null,
            TlsConfig = (integration["tlsConfig"] as JsonObject)?["insecureSkipVerification"] is JsonValue insecure && insecure.TryGetValue<bool>(out var skip)
                ? new TlsConfig { InsecureSkipVerification = skip }
                : null,
        };
    }

    private List<ImportedModel> ReadModels()
    {
        var definitions = _format == OpenApiFormat.Swagger2
            ? _root["definitions"] as JsonObject
            : (_root["components"] as JsonObject)?["schemas"] as JsonObject;
        var models = new List<ImportedModel>();
        foreach (var (name, schema) in definitions ?? [])
        {
            if (schema is not JsonObject obj)
            {
                _errors.Add($"Unable to create model for '{name}': a schema must be an object");
                continue;
            }

            models.Add(new ImportedModel(name, obj.DeepClone(), Text(obj["description"])));
        }

        return models;
    }

    private List<RequestValidator> ReadValidators() =>
    [
        .. (_root[OpenApiExtensions.RequestValidators] as JsonObject ?? []).Select(v => new RequestValidator
        {
            Id = "",
            Name = v.Key,
            ValidateRequestBody = Flag((v.Value as JsonObject)?["validateRequestBody"]),
            ValidateRequestParameters = Flag((v.Value as JsonObject)?["validateRequestParameters"]),
        }),
    ];

    private List<RestAuthorizer> ReadAuthorizers()
    {
        var authorizers = new List<RestAuthorizer>();
        foreach (var (name, scheme) in _schemes)
        {
            if (scheme[OpenApiExtensions.Authorizer] is not JsonObject extension)
            {
                continue;
            }

            var type = Text(extension["type"])?.ToUpperInvariant() ?? "";
            var header = Text(scheme["name"]);
            authorizers.Add(new RestAuthorizer
            {
                Id = "",
                Name = name,
                Type = type,
                AuthType = Text(scheme[OpenApiExtensions.AuthType]),
                AuthorizerUri = Text(extension["authorizerUri"]),
                AuthorizerCredentials = Text(extension["authorizerCredentials"]),
                IdentitySource = Text(extension["identitySource"]) ?? (type is "TOKEN" or "COGNITO_USER_POOLS" && header is not null ? $"method.request.header.{header}" : null),
                IdentityValidationExpression = Text(extension["identityValidationExpression"]),
                AuthorizerResultTtlInSeconds = Integer(extension["authorizerResultTtlInSeconds"], "authorizerResultTtlInSeconds") ?? (type is "TOKEN" or "REQUEST" ? 300 : null),
                ProviderARNs = Strings(extension["providerARNs"]),
            });
        }

        return authorizers;
    }

    private List<RestGatewayResponse> ReadGatewayResponses()
    {
        var responses = new List<RestGatewayResponse>();
        foreach (var (type, node) in _root[OpenApiExtensions.GatewayResponses] as JsonObject ?? [])
        {
            if (node is not JsonObject response)
            {
                continue;
            }

            responses.Add(new RestGatewayResponse
            {
                ResponseType = type,
                StatusCode = Text(response["statusCode"]),
                ResponseParameters = StringMap(response["responseParameters"], "responseParameters", null, null),
                ResponseTemplates = StringMap(response["responseTemplates"], "responseTemplates", null, null),
            });
        }

        return responses;
    }

    /// <summary>The model a schema names by a local reference; an inline schema cannot become a model name.</summary>
    private string? ModelOf(JsonNode? schema, string path, string verb)
    {
        if (schema is not JsonObject obj)
        {
            return null;
        }

        if (OpenApiExtensions.ModelName(Text(obj["$ref"])) is { } name)
        {
            return name;
        }

        _warnings.Add($"Inline schema ignored for resource '{path}' and method '{verb}': define it as a model and reference it");
        return null;
    }

    private IEnumerable<string> MediaTypes(JsonObject operation, string key) =>
        Strings(operation[key]) is { Count: > 0 } own ? own
        : Strings(_root[key]) is { Count: > 0 } shared ? shared
        : [DefaultContentType];

    /// <summary>Follows a local <c>$ref</c> (<c>#/parameters/X</c>, <c>#/components/responses/X</c>...) to what it names.</summary>
    private JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; hops < 16 && node is JsonObject obj && Text(obj["$ref"]) is { } reference; hops++)
        {
            if (OpenApiExtensions.ModelName(reference) is not null || !reference.StartsWith("#/", StringComparison.Ordinal))
            {
                return node;
            }

            JsonNode? target = _root;
            foreach (var part in reference[2..].Split('/'))
            {
                target = (target as JsonObject)?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            if (target is null)
            {
                _errors.Add($"Unable to resolve reference '{reference}'");
                return null;
            }

            node = target;
        }

        return node;
    }

    /// <summary>A map of strings; AWS warns about (and drops) a value of another type.</summary>
    private Dictionary<string, string>? StringMap(JsonNode? node, string property, string? path, string? verb)
    {
        if (node is not JsonObject obj || obj.Count == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                map[key] = v.GetValue<string>();
            }
            else if (property is "requestTemplates" or "responseTemplates" && value is JsonObject or JsonArray)
            {
                map[key] = value.ToJsonString();
            }
            else
            {
                var where = path is null ? "" : $" of resource '{path}' and method '{verb}'";
                _warnings.Add($"Invalid format for '{property}'. Expected type string for property '{key}'{where} but got '{value?.ToJsonString() ?? "null"}'");
            }
        }

        return map.Count > 0 ? map : null;
    }

    private int? Integer(JsonNode? node, string property)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && (value.TryGetValue<int>(out var number) ||
            (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))))
        {
            return number;
        }

        _errors.Add($"Invalid value for '{property}': expected an integer but got '{node.ToJsonString()}'");
        return null;
    }

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    /// <summary>A scalar as text (numbers and booleans too, as a YAML status code 200 is one).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : null;
}
