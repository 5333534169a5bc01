using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute and DeleteRouteRequestParameter.</summary>
internal static partial class RouteOperations
{
    public static async Task CreateRoute(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<RouteInput>(context.Request);
        var route = await service.EditAsync(apiId, edit =>
        {
            var route = new Route
            {
                RouteId = Ids.NewResourceId(),
                RouteKey = input.RouteKey ?? "",
                ApiKeyRequired = input.ApiKeyRequired ?? false,
                AuthorizationScopes = input.AuthorizationScopes is { Count: > 0 } scopes ? scopes : null,
                AuthorizationType = input.AuthorizationType ?? AuthorizationTypes.None,
                AuthorizerId = input.AuthorizerId is { Length: > 0 } authorizerId ? authorizerId : null,
                ModelSelectionExpression = input.ModelSelectionExpression,
                OperationName = input.OperationName,
                RequestModels = input.RequestModels,
                RequestParameters = input.RequestParameters,
                RouteResponseSelectionExpression = input.RouteResponseSelectionExpression,
                Target = input.Target,
            };
            var validation = new Validation();
            validation.Require(input.RouteKey is not null, "RouteKey is required");
            Validate(validation, edit.Document, input, routeId: null);
            RouteAuthorization.Validate(validation, edit.Document, route);
            validation.ThrowIfAny();

            edit.Update(edit.Document with { Routes = [.. edit.Document.Routes, route] }, deployable: true);
            return route;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, route);
    }

    public static async Task GetRoute(HttpContext context, HttpApiService service, string apiId, string routeId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindRoute(routeId) ?? throw NotFound(routeId));
    }

    public static async Task GetRoutes(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var page = Pagination.Apply(context.Request, document.Routes);
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateRoute(HttpContext context, HttpApiService service, string apiId, string routeId)
    {
        var input = await RestJson.ReadBodyAsync<RouteInput>(context.Request);
        var route = await service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.FindRoute(routeId) ?? throw NotFound(routeId);
            var validation = new Validation();
            validation.Require(current.ApiGatewayManaged != true || input.RouteKey is null || input.RouteKey == current.RouteKey,
                $"RouteKey: the route key of a route managed by API Gateway ({current.RouteKey}) cannot be changed");
            // A new authorization type drops the old type's authorizer and scopes unless the update names them again:
            // setting NONE is how AWS detaches an authorizer from a route.
            var typeChanged = input.AuthorizationType is not null && input.AuthorizationType != current.AuthorizationType;
            var authorizerId = input.AuthorizerId ?? (typeChanged ? null : current.AuthorizerId);
            var scopes = input.AuthorizationScopes ?? (typeChanged ? null : current.AuthorizationScopes);
            var updated = current with
            {
                RouteKey = input.RouteKey ?? current.RouteKey,
                ApiKeyRequired = input.ApiKeyRequired ?? current.ApiKeyRequired,
                AuthorizationScopes = scopes is { Count: > 0 } ? scopes : null,
                AuthorizationType = input.AuthorizationType ?? current.AuthorizationType,
                AuthorizerId = authorizerId is { Length: > 0 } ? authorizerId : null,
                ModelSelectionExpression = input.ModelSelectionExpression ?? current.ModelSelectionExpression,
                OperationName = input.OperationName ?? current.OperationName,
                RequestModels = input.RequestModels ?? current.RequestModels,
                RequestParameters = input.RequestParameters is null
                    ? current.RequestParameters
                    : Merge(current.RequestParameters, input.RequestParameters),
                RouteResponseSelectionExpression = input.RouteResponseSelectionExpression ?? current.RouteResponseSelectionExpression,
                // An empty target detaches the route from its integration, as on AWS.
                Target = input.Target is null ? current.Target : input.Target.Length == 0 ? null : input.Target,
            };
            Validate(validation, edit.Document, input, routeId);
            RouteAuthorization.Validate(validation, edit.Document, updated);
            validation.ThrowIfAny();

            // Route settings are keyed by route key: they follow the route when its key changes.
            var stages = updated.RouteKey == current.RouteKey
                ? edit.Document.Stages
                : [.. edit.Document.Stages.Select(s => s.RouteSettings?.TryGetValue(current.RouteKey, out var settings) == true
                    ? s with
                    {
                        RouteSettings = s.RouteSettings.Where(kv => kv.Key != current.RouteKey)
                            .Append(new KeyValuePair<string, RouteSettings>(updated.RouteKey, settings)).ToDictionary(),
                    }
                    : s)];
            edit.Update(edit.Document with { Routes = [.. edit.Document.Routes.Select(r => r.RouteId == routeId ? updated : r)], Stages = stages }, deployable: true);
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, route);
    }

    public static async Task DeleteRoute(HttpContext context, HttpApiService service, string apiId, string routeId)
    {
        await service.EditAsync(apiId, edit =>
        {
            var route = edit.Document.FindRoute(routeId) ?? throw NotFound(routeId);
            var stages = edit.Document.Stages
                .Select(s => s.RouteSettings?.ContainsKey(route.RouteKey) == true
                    ? s with { RouteSettings = s.RouteSettings.Where(kv => kv.Key != route.RouteKey).ToDictionary() }
                    : s)
                .ToList();
            edit.Update(edit.Document with { Routes = [.. edit.Document.Routes.Where(r => r.RouteId != routeId)], Stages = stages }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    public static async Task DeleteRouteRequestParameter(HttpContext context, HttpApiService service, string apiId, string routeId, string requestParameterKey)
    {
        await service.EditAsync(apiId, edit =>
        {
            var route = edit.Document.FindRoute(routeId) ?? throw NotFound(routeId);
            if (route.RequestParameters?.ContainsKey(requestParameterKey) != true)
            {
                throw AwsException.NotFound($"Invalid request parameter key specified: {requestParameterKey}");
            }

            var updated = route with { RequestParameters = route.RequestParameters.Where(kv => kv.Key != requestParameterKey).ToDictionary() };
            edit.Update(edit.Document with { Routes = [.. edit.Document.Routes.Select(r => r.RouteId == routeId ? updated : r)] }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static AwsException NotFound(string routeId) => AwsException.NotFound($"Invalid Route identifier specified {routeId}");

    private static void Validate(Validation validation, ApiDocument document, RouteInput input, string? routeId)
    {
        if (input.RouteKey is not null)
        {
            if (!RouteKey.TryParse(input.RouteKey, out _, out var error))
            {
                validation.Add(error);
            }
            else if (document.Routes.Any(r => r.RouteKey == input.RouteKey && r.RouteId != routeId))
            {
                throw AwsException.Conflict($"Unable to create route {input.RouteKey}. The route already exists.");
            }
        }

        if (input.Target is { Length: > 0 } target)
        {
            var match = TargetPattern().Match(target);
            if (!match.Success)
            {
                validation.Add($"Invalid Target '{target}': a route target must be 'integrations/{{integrationId}}'");
            }
            else if (document.FindIntegration(match.Groups[1].Value) is null)
            {
                validation.Add($"Invalid Target '{target}': integration {match.Groups[1].Value} does not exist in API {document.Api.ApiId}");
            }
        }

        validation.Require(input.ApiKeyRequired is null or false, "ApiKeyRequired applies to WebSocket APIs only");
        validation.Require(input.ModelSelectionExpression is null && input.RequestModels is null,
            "ModelSelectionExpression and RequestModels apply to WebSocket APIs only");
        validation.Require(input.RouteResponseSelectionExpression is null, "RouteResponseSelectionExpression applies to WebSocket APIs only");
        validation.Length("OperationName", input.OperationName, 1, 64);
        foreach (var key in input.RequestParameters?.Keys ?? Enumerable.Empty<string>())
        {
            validation.Require(RequestParameterPattern().IsMatch(key),
                $"Invalid request parameter key '{key}': must be route.request.header.{{name}}, route.request.querystring.{{name}} or route.request.path.{{name}}");
        }
    }

    private static Dictionary<string, ParameterConstraints> Merge(
        IReadOnlyDictionary<string, ParameterConstraints>? current, Dictionary<string, ParameterConstraints> changes)
    {
        var merged = current?.ToDictionary() ?? [];
        foreach (var (key, value) in changes)
        {
            merged[key] = value;
        }

        return merged;
    }

    [GeneratedRegex("^integrations/([A-Za-z0-9]+)$")]
    private static partial Regex TargetPattern();

    [GeneratedRegex("^route\\.request\\.(header|querystring|path)\\.[^\\s]+$")]
    private static partial Regex RequestParameterPattern();
}
