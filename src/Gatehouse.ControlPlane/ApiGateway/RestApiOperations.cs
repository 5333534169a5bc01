using System.Text.Json;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateRestApi, GetRestApi(s), UpdateRestApi and DeleteRestApi.</summary>
internal static class RestApiOperations
{
    public const int MaxCompressionSize = 10485760;
    private static readonly string[] EndpointTypes = ["PRIVATE", "EDGE", "REGIONAL"];
    private static readonly string[] IpAddressTypes = ["ipv4", "dualstack"];

    public static async Task CreateRestApi(HttpContext context, RestApiService service)
    {
        var input = await RestJson.ReadBodyAsync<CreateRestApiInput>(context.Request);
        var endpoint = EndpointConfigurationOf(input.EndpointConfiguration);
        var validation = new Validation();
        validation.Require(!string.IsNullOrEmpty(input.Name), "Name cannot be empty");
        validation.Length("Name", input.Name, 1, 1024);
        validation.Require(input.Description is null || input.Description.Length > 0, "Description cannot be an empty string");
        validation.Require(input.MinimumCompressionSize is null or >= 0 and <= MaxCompressionSize,
            $"Invalid minimum compression size, must be between 0 and {MaxCompressionSize}");
        validation.Require(input.ApiKeySource is null or "HEADER" or "AUTHORIZER",
            $"Invalid apiKeySource '{input.ApiKeySource}': must be one of [HEADER, AUTHORIZER]");
        validation.Require(input.CloneFrom is null, "cloneFrom is not supported by Gatehouse yet");
        ValidatePolicy(validation, input.Policy);
        validation.Tags(input.Tags);
        validation.ThrowIfAny();

        var now = DateTimeOffset.UtcNow;
        var saved = await service.CreateAsync(id =>
        {
            var root = new RestResource { Id = Ids.NewResourceId() };
            return new RestApiDocument
            {
                RestApi = new RestApi
                {
                    Id = id,
                    Name = input.Name!,
                    Description = input.Description,
                    CreatedDate = now,
                    Version = input.Version,
                    BinaryMediaTypes = input.BinaryMediaTypes is { Count: > 0 } types ? types : null,
                    MinimumCompressionSize = input.MinimumCompressionSize,
                    ApiKeySource = input.ApiKeySource ?? "HEADER",
                    EndpointConfiguration = endpoint,
                    Policy = input.Policy,
                    DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? false,
                    RootResourceId = root.Id,
                    Tags = input.Tags is { Count: > 0 } tags ? tags : null,
                },
                Resources = [root],
                Models = ModelOperations.DefaultModels(),
            };
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, saved.RestApi);
    }

    public static async Task GetRestApi(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.RestApi);
    }

    public static async Task GetRestApis(HttpContext context, RestApiService service)
    {
        var all = await service.Store.ListRestApisAsync(context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, [.. all.Select(d => d.RestApi)]));
    }

    public static async Task UpdateRestApi(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var api = await service.EditAsync(restApiId, edit =>
        {
            var updated = Patch.Apply(edit.Document.RestApi, input.PatchOperations);
            edit.Update(edit.Document with { RestApi = updated });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, api);
    }

    public static async Task DeleteRestApi(HttpContext context, RestApiService service, string restApiId)
    {
        if (!await service.Store.DeleteRestApiAsync(restApiId, context.RequestAborted))
        {
            throw service.ApiNotFound(restApiId);
        }

        await RestJson.WriteEmptyAsync(context, 202);
    }

    internal static readonly PatchRules<RestApi> Patch = new PatchRules<RestApi>("updateRestApiInput")
        .On("/name", PatchOps.Replace, (api, p) => api with
        {
            Name = p.Value is { Length: > 0 } name ? name : throw AwsException.BadRequest("Name cannot be empty"),
        })
        .On("/description", PatchOps.Replace, (api, p) => api with { Description = p.Value is { Length: > 0 } d ? d : null })
        .On("/version", PatchOps.Replace, (api, p) => api with { Version = p.Value is { Length: > 0 } v ? v : null })
        .On("/apiKeySource", PatchOps.Replace, (api, p) => api with
        {
            ApiKeySource = p.Value is "HEADER" or "AUTHORIZER" ? p.Value
                : throw AwsException.BadRequest($"Invalid apiKeySource '{p.Value}': must be one of [HEADER, AUTHORIZER]"),
        })
        .On("/minimumCompressionSize", PatchOps.Replace, (api, p) => api with
        {
            // An empty value turns compression off.
            MinimumCompressionSize = string.IsNullOrEmpty(p.Value) ? null : CompressionSize(p.Value),
        })
        .On("/policy", PatchOps.Replace, (api, p) =>
        {
            var validation = new Validation();
            ValidatePolicy(validation, p.Value);
            validation.ThrowIfAny();
            return api with { Policy = string.IsNullOrEmpty(p.Value) ? null : p.Value };
        })
        .On("/disableExecuteApiEndpoint", PatchOps.Replace, (api, p) => api with { DisableExecuteApiEndpoint = p.Bool() })
        .On("/binaryMediaTypes/{}", PatchOps.AddRemoveReplace, PatchBinaryMediaType)
        .On("/endpointConfiguration/types/{}", PatchOps.AddRemoveReplace, PatchEndpointType)
        .On("/endpointConfiguration/ipAddressType", PatchOps.Replace, (api, p) => api with
        {
            EndpointConfiguration = api.EndpointConfiguration with
            {
                IpAddressType = IpAddressTypes.Contains(p.Value) ? p.Value : throw AwsException.BadRequest("ipAddressType must be either ipv4 or dualstack."),
            },
        });

    private static RestApi PatchBinaryMediaType(RestApi api, PatchContext p)
    {
        var type = p.Capture(0);
        var types = (api.BinaryMediaTypes ?? []).ToList();
        switch (p.Op)
        {
            case PatchOps.Add:
                if (!types.Contains(type))
                {
                    types.Add(type);
                }

                break;
            case PatchOps.Remove:
                types.Remove(type);
                break;
            default:
                // replace /binaryMediaTypes/old with the new type as value: AWS drops the old one and appends the new
                // (recorded: [image/png, image/jpeg] → [image/jpeg, image/gif]).
                var value = p.Text();
                types.Remove(type);
                if (!types.Contains(value))
                {
                    types.Add(value);
                }

                break;
        }

        return api with { BinaryMediaTypes = types.Count == 0 ? null : types };
    }

    private static RestApi PatchEndpointType(RestApi api, PatchContext p)
    {
        var value = p.IsRemove ? null : p.Text();
        if (value is not null && !EndpointTypes.Contains(value))
        {
            throw AwsException.BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
        }

        if (p.IsRemove)
        {
            throw AwsException.BadRequest("An API must keep one endpoint type; replace it instead");
        }

        var ip = value == "PRIVATE" ? "dualstack" : api.EndpointConfiguration.IpAddressType;
        return api with { EndpointConfiguration = api.EndpointConfiguration with { Types = [value!], IpAddressType = ip } };
    }

    private static int CompressionSize(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size <= MaxCompressionSize
            ? size
            : throw AwsException.BadRequest($"Invalid minimum compression size, must be between 0 and {MaxCompressionSize}");

    private static EndpointConfiguration EndpointConfigurationOf(EndpointConfigurationInput? input)
    {
        if (input is null)
        {
            return new EndpointConfiguration();
        }

        // AWS checks the enums first (a ValidationException listing each), then the combination.
        var errors = new List<string>();
        if (input.Types is { } types && types.Any(t => !EndpointTypes.Contains(t)))
        {
            errors.Add($"Value '[{string.Join(", ", types)}]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: " +
                "Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]");
        }

        if (input.IpAddressType is { } ip && !IpAddressTypes.Contains(ip))
        {
            errors.Add($"Value '{ip}' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: " +
                "Member must satisfy enum value set: [ipv4, dualstack]");
        }

        if (errors.Count > 0)
        {
            throw PatchErrors.ValidationException(errors);
        }

        if (input.Types is { Count: 0 })
        {
            throw AwsException.BadRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.");
        }

        if (input.Types is { Count: > 1 })
        {
            throw AwsException.BadRequest("Cannot create an api with multiple Endpoint Types.");
        }

        var type = input.Types is [var only] ? only : "EDGE";
        if (type == "PRIVATE" && input.IpAddressType == "ipv4")
        {
            throw AwsException.BadRequest("Only dualstack ipAddressType is supported for Private APIs.");
        }

        return new EndpointConfiguration
        {
            Types = [type],
            IpAddressType = input.IpAddressType ?? (type == "PRIVATE" ? "dualstack" : "ipv4"),
            VpcEndpointIds = input.VpcEndpointIds is { Count: > 0 } ids ? ids : null,
        };
    }

    private static void ValidatePolicy(Validation validation, string? policy)
    {
        if (string.IsNullOrEmpty(policy))
        {
            return;
        }

        try
        {
            using var parsed = JsonDocument.Parse(policy);
            validation.Require(parsed.RootElement.ValueKind == JsonValueKind.Object, "Invalid policy document: must be a JSON object");
        }
        catch (JsonException)
        {
            validation.Add("Invalid policy document. Please check the policy syntax and try again.");
        }
    }
}
