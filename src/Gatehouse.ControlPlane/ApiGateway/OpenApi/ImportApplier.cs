using System.Text.Json.Nodes;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// Applies an <see cref="ImportedApi"/> to a REST API document: resources by path (existing ids kept), methods by
/// verb, models, validators and authorizers by name, gateway responses by type; then checks the result with the
/// rules of the single operations (PutMethod, PutIntegration, CreateModel...), collecting every error.
/// Stages, deployments, tags and the endpoint configuration are never changed by an update, as AWS documents.
/// </summary>
internal static class ImportApplier
{
    public static (RestApiDocument Document, IReadOnlyList<string> Errors) Apply(RestApiDocument target, ImportedApi imported, ImportMode mode)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(imported);
        var errors = new List<string>();
        var merge = mode == ImportMode.Merge;
        var api = target.RestApi with
        {
            Name = imported.Name,
            Description = merge ? imported.Description ?? target.RestApi.Description : imported.Description,
            Version = merge ? imported.Version ?? target.RestApi.Version : imported.Version,
            BinaryMediaTypes = merge
                ? Union(target.RestApi.BinaryMediaTypes, imported.BinaryMediaTypes)
                : imported.BinaryMediaTypes is { Count: > 0 } types ? types : null,
            ApiKeySource = imported.ApiKeySource ?? (merge ? target.RestApi.ApiKeySource : "HEADER"),
            Policy = merge ? imported.Policy ?? target.RestApi.Policy : imported.Policy,
            MinimumCompressionSize = merge ? imported.MinimumCompressionSize ?? target.RestApi.MinimumCompressionSize : imported.MinimumCompressionSize,
        };
        Check(errors, "Unable to create API", () =>
        {
            var validation = new ApiGatewayV2.Validation();
            validation.Require(api.Name.Length > 0, "Name cannot be empty");
            validation.Require(api.ApiKeySource is "HEADER" or "AUTHORIZER", $"Invalid apiKeySource '{api.ApiKeySource}': must be one of [HEADER, AUTHORIZER]");
            validation.Require(api.MinimumCompressionSize is null or >= 0 and <= RestApiOperations.MaxCompressionSize,
                $"Invalid minimum compression size, must be between 0 and {RestApiOperations.MaxCompressionSize}");
            validation.ThrowIfAny();
        });

        var models = ApplyModels(target, imported, merge);
        var validators = ByName(target.RequestValidators, imported.RequestValidators, merge, v => v.Name ?? "", (v, id) => v with { Id = id }, v => v.Id);
        var authorizers = ByName(target.Authorizers, imported.Authorizers, merge, a => a.Name, (a, id) => a with { Id = id }, a => a.Id);
        var responses = merge
            ? [.. target.GatewayResponses.Where(r => imported.GatewayResponses.All(i => i.ResponseType != r.ResponseType)), .. imported.GatewayResponses]
            : imported.GatewayResponses.ToList();
        var document = target with
        {
            RestApi = api,
            Models = models,
            RequestValidators = validators,
            Authorizers = authorizers,
            GatewayResponses = responses,
        };
        document = ApplyPaths(document, imported, merge, errors);
        Validate(document, imported, errors);
        return (document, errors);
    }

    private static IReadOnlyList<RestModel> ApplyModels(RestApiDocument target, ImportedApi imported, bool merge)
    {
        // An imported API has only the definition's models: AWS adds no default Empty and Error (recorded: circular models).
        var kept = merge ? target.Models.Where(m => imported.Models.All(i => i.Name != m.Name)).ToList() : [];
        foreach (var model in imported.Models)
        {
            var schema = model.Schema.DeepClone();
            Canonicalize(schema, target.ApiId);
            kept.Add(new RestModel
            {
                Id = target.Models.FirstOrDefault(m => m.Name == model.Name)?.Id ?? Ids.NewResourceId(),
                Name = model.Name,
                Description = model.Description,
                ContentType = "application/json",
                Schema = schema.ToJsonString(),
            });
        }

        return kept;
    }

    /// <summary>Local references become AWS's canonical model URLs, as models store them.</summary>
    private static void Canonicalize(JsonNode? node, string apiId)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var text) && OpenApiExtensions.ModelName(text) is { } name)
                {
                    obj["$ref"] = ModelReference.For(apiId, name);
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Canonicalize(child, apiId);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Canonicalize(child, apiId);
                }

                break;
        }
    }

    private static List<T> ByName<T>(IReadOnlyList<T> existing, IReadOnlyList<T> imported, bool merge, Func<T, string> name, Func<T, string, T> withId, Func<T, string> id)
    {
        var result = merge ? existing.Where(e => imported.All(i => name(i) != name(e))).ToList() : [];
        foreach (var item in imported)
        {
            var same = existing.FirstOrDefault(e => name(e) == name(item));
            result.Add(withId(item, same is null ? Ids.NewResourceId() : id(same)));
        }

        return result;
    }

    private static RestApiDocument ApplyPaths(RestApiDocument document, ImportedApi imported, bool merge, List<string> errors)
    {
        var root = document.FindResource(document.RestApi.RootResourceId) ?? document.Resources[0];
        var resources = new List<RestResource>();
        if (merge)
        {
            resources.AddRange(document.Resources);
        }
        else
        {
            resources.Add(root with { ResourceMethods = null });
        }

        var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var working = document with { Resources = resources };
        for (var i = 0; i < resources.Count; i++)
        {
            byPath[merge ? document.PathOf(resources[i]) : "/"] = i;
        }

        foreach (var path in imported.Paths)
        {
            var index = EnsurePath(path.Path, document, resources, byPath, errors);
            if (index < 0)
            {
                continue;
            }

            var resource = resources[index];
            var methods = merge && resource.ResourceMethods is { } current
                ? new Dictionary<string, RestMethod>(current, StringComparer.Ordinal)
                : new Dictionary<string, RestMethod>(StringComparer.Ordinal);
            foreach (var (verb, method) in path.Methods)
            {
                methods[verb] = Resolve(method, resource.Id, working with { Resources = resources });
            }

            resources[index] = resource with { ResourceMethods = methods.Count > 0 ? methods : null };
        }

        return document with { Resources = resources };
    }

    /// <summary>The index of the resource at <paramref name="path"/>, created with its missing ancestors; -1 if a part is invalid.</summary>
    private static int EnsurePath(string path, RestApiDocument document, List<RestResource> resources, Dictionary<string, int> byPath, List<string> errors)
    {
        var index = byPath["/"];
        var current = "";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            if (byPath.TryGetValue(current, out var found))
            {
                index = found;
                continue;
            }

            var parent = resources[index];
            if (!Check(errors, $"Unable to create resource at path '{path}'", () =>
            {
                ResourceOperations.ValidatePathPart(part);
                if (parent.IsGreedy)
                {
                    throw AwsException.BadRequest($"Cannot create a child of a resource with a greedy path variable: {parent.PathPart}");
                }

                var variable = resources.FirstOrDefault(r => r.ParentId == parent.Id && r.IsVariable);
                if (part is ['{', .., '}'] && variable is not null)
                {
                    throw AwsException.BadRequest($"A sibling ({variable.PathPart}) of this resource already has a variable path part -- only one is allowed");
                }
            }))
            {
                return -1;
            }

            resources.Add(new RestResource { Id = Ids.NewResourceId(), ParentId = parent.Id, PathPart = part });
            index = resources.Count - 1;
            byPath[current] = index;
        }

        _ = document;
        return index;
    }

    private static RestMethod Resolve(ImportedMethod imported, string resourceId, RestApiDocument document)
    {
        var method = imported.Method;
        var authorizerId = imported.AuthorizerName is { } authorizer ? document.Authorizers.FirstOrDefault(a => a.Name == authorizer)?.Id ?? "" : null;
        var validatorId = imported.ValidatorName is { } validator ? document.RequestValidators.FirstOrDefault(v => v.Name == validator)?.Id ?? "" : null;
        return method with
        {
            AuthorizerId = authorizerId,
            RequestValidatorId = validatorId,
            MethodIntegration = method.MethodIntegration is { } integration
                ? integration with { CacheNamespace = integration.CacheNamespace ?? resourceId }
                : null,
        };
    }

    private static void Validate(RestApiDocument document, ImportedApi imported, List<string> errors)
    {
        foreach (var model in document.Models.Where(m => imported.Models.Any(i => i.Name == m.Name)))
        {
            Check(errors, $"Unable to create model for '{model.Name}'", () =>
            {
                if (!ModelOperations.ModelName().IsMatch(model.Name))
                {
                    throw AwsException.BadRequest($"Invalid model name specified: {model.Name}. Model names must be alphanumeric");
                }

                ModelOperations.ValidateSchema(document, model.Name, model.Schema);
            });
        }

        foreach (var authorizer in document.Authorizers.Where(a => imported.Authorizers.Any(i => i.Name == a.Name)))
        {
            Check(errors, $"Unable to create authorizer '{authorizer.Name}'", () => AuthorizerOperations.Validate(authorizer));
        }

        foreach (var response in imported.GatewayResponses)
        {
            Check(errors, $"Unable to put gateway response '{response.ResponseType}'", () =>
            {
                GatewayResponseOperations.CheckType(document.ApiId, response.ResponseType);
                GatewayResponseOperations.Validate(response);
            });
        }

        foreach (var path in imported.Paths)
        {
            var resource = document.Resources.FirstOrDefault(r => document.PathOf(r) == path.Path);
            foreach (var verb in path.Methods.Keys)
            {
                if (resource?.ResourceMethods?.GetValueOrDefault(verb) is { } method)
                {
                    ValidateMethod(document, path.Path, method, errors);
                }
            }
        }
    }

    private static void ValidateMethod(RestApiDocument document, string path, RestMethod method, List<string> errors)
    {
        var verb = method.HttpMethod;
        Check(errors, $"Unable to put method '{verb}' on resource at path '{path}'", () =>
        {
            if (method.AuthorizerId is "")
            {
                throw AwsException.BadRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
            }

            MethodOperations.Validate(document, method);
        });
        foreach (var response in method.MethodResponses?.Values ?? [])
        {
            Check(errors, $"Unable to put method response on '{verb}' for resource at path '{path}'", () =>
            {
                RestTree.StatusCode(response.StatusCode);
                MethodResponseOperations.Validate(document, response);
            });
        }

        if (method.MethodIntegration is not { } integration)
        {
            return;
        }

        Check(errors, $"Unable to put integration on '{verb}' for resource at path '{path}'", () =>
        {
            if (!IntegrationOperations.Types.Contains(integration.Type))
            {
                throw AwsException.BadRequest($"Invalid integration type '{integration.Type.ToLowerInvariant()}': must be one of [http, aws, mock, http_proxy, aws_proxy]");
            }

            IntegrationOperations.Validate(method, integration);
        });
        foreach (var response in integration.IntegrationResponses?.Values ?? [])
        {
            Check(errors, $"Unable to put integration response on '{verb}' for resource at path '{path}'", () =>
            {
                RestTree.StatusCode(response.StatusCode);
                IntegrationResponseOperations.Validate(response);
            });
        }
    }

    /// <summary>Runs one operation's checks; its errors are added under <paramref name="context"/>.</summary>
    private static bool Check(List<string> errors, string context, Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (AwsException e)
        {
            errors.Add($"{context}: {e.Message}");
            return false;
        }
    }

    private static List<string>? Union(IReadOnlyList<string>? existing, IReadOnlyList<string>? added)
    {
        var all = (existing ?? []).Concat(added ?? []).Distinct(StringComparer.Ordinal).ToList();
        return all.Count > 0 ? all : null;
    }
}
