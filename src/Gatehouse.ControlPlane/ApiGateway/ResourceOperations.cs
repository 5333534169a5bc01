using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateResource, GetResource(s), UpdateResource and DeleteResource: the resource tree.</summary>
internal static partial class ResourceOperations
{
    public static async Task CreateResource(HttpContext context, RestApiService service, string restApiId, string parentId)
    {
        var input = await RestJson.ReadBodyAsync<CreateResourceInput>(context.Request);
        var (document, resource) = await service.EditAsync(restApiId, edit =>
        {
            var parent = RestTree.Resource(edit.Document, parentId);
            var pathPart = input.PathPart ?? "";
            ValidatePathPart(pathPart);
            var created = new RestResource { Id = Ids.NewResourceId(), ParentId = parent.Id, PathPart = pathPart };
            CheckPlacement(edit.Document, parent, created);
            edit.Update(edit.Document with { Resources = [.. edit.Document.Resources, created] });
            return (edit.Document, created);
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, Answer(document, resource, embedMethods: false));
    }

    public static async Task GetResource(HttpContext context, RestApiService service, string restApiId, string resourceId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var resource = RestTree.Resource(document, resourceId);
        await RestJson.WriteAsync(context, 200, Answer(document, resource, EmbedsMethods(context.Request)));
    }

    public static async Task GetResources(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var embed = EmbedsMethods(context.Request);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, [.. document.Resources.Select(r => Answer(document, r, embed))]));
    }

    public static async Task UpdateResource(HttpContext context, RestApiService service, string restApiId, string resourceId)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var (document, resource) = await service.EditAsync(restApiId, edit =>
        {
            var current = RestTree.Resource(edit.Document, resourceId);
            var updated = Patch.Apply(current, input.PatchOperations);
            if (current.ParentId is null && updated.PathPart != current.PathPart)
            {
                throw AwsException.BadRequest("Root resource cannot update its pathPart.");
            }

            if (current.ParentId is null && updated.ParentId != current.ParentId)
            {
                throw AwsException.BadRequest("Root resource cannot update its parentId.");
            }

            if (updated == current)
            {
                return (edit.Document, current);
            }

            ValidatePathPart(updated.PathPart ?? "");
            var parent = RestTree.Resource(edit.Document, updated.ParentId!);
            for (var ancestor = parent; ancestor is not null; ancestor = ancestor.ParentId is { } id ? edit.Document.FindResource(id) : null)
            {
                if (ancestor.Id == current.Id)
                {
                    throw AwsException.BadRequest("Resources cannot be cyclical.");
                }
            }

            var others = edit.Document with { Resources = [.. edit.Document.Resources.Where(r => r.Id != current.Id)] };
            CheckPlacement(others, parent, updated);
            edit.Update(RestTree.WithResource(edit.Document, updated));
            return (edit.Document, updated);
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, Answer(document, resource, embedMethods: false));
    }

    public static async Task DeleteResource(HttpContext context, RestApiService service, string restApiId, string resourceId)
    {
        await service.EditAsync(restApiId, edit =>
        {
            var resource = RestTree.Resource(edit.Document, resourceId);
            if (resource.ParentId is null)
            {
                throw AwsException.BadRequest("Cannot delete the root resource of a REST API");
            }

            var removed = new HashSet<string>(StringComparer.Ordinal) { resource.Id };
            bool grew;
            do
            {
                // The subtree: every resource whose parent is removed.
                grew = false;
                foreach (var child in edit.Document.Resources)
                {
                    if (child.ParentId is { } parent && removed.Contains(parent) && removed.Add(child.Id))
                    {
                        grew = true;
                    }
                }
            }
            while (grew);

            edit.Update(edit.Document with { Resources = [.. edit.Document.Resources.Where(r => !removed.Contains(r.Id))] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    /// <summary>The resource as AWS answers it: with its path and, unless embedded, its methods as empty objects.</summary>
    internal static ResourceAnswer Answer(RestApiDocument document, RestResource resource, bool embedMethods) => new()
    {
        Id = resource.Id,
        ParentId = resource.ParentId,
        PathPart = resource.PathPart,
        Path = document.PathOf(resource),
        ResourceMethods = resource.ResourceMethods is not { Count: > 0 } methods ? null
            : embedMethods ? methods.ToDictionary(m => m.Key, m => (object)m.Value, StringComparer.Ordinal)
            : methods.ToDictionary(m => m.Key, _ => (object)new Dictionary<string, object>(), StringComparer.Ordinal),
    };

    private static bool EmbedsMethods(HttpRequest request) =>
        request.Query["embed"].Any(e => e is not null && e.Split(',').Contains("methods", StringComparer.Ordinal));

    internal static void ValidatePathPart(string pathPart)
    {
        if (!PathPartPattern().IsMatch(pathPart))
        {
            throw AwsException.BadRequest(
                "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
        }
    }

    /// <summary>AWS's rules for siblings and for children of a greedy resource.</summary>
    private static void CheckPlacement(RestApiDocument document, RestResource parent, RestResource resource)
    {
        if (parent.IsGreedy)
        {
            throw AwsException.BadRequest($"Cannot create a child of a resource with a greedy path variable: {parent.PathPart}");
        }

        var siblings = document.Resources.Where(r => r.ParentId == parent.Id && r.Id != resource.Id).ToList();
        if (siblings.FirstOrDefault(s => string.Equals(s.PathPart, resource.PathPart, StringComparison.Ordinal)) is not null)
        {
            throw AwsException.Conflict($"Another resource with the same parent already has this name: {resource.PathPart}");
        }

        if (resource.IsVariable && siblings.FirstOrDefault(s => s.IsVariable) is { } variable)
        {
            throw AwsException.BadRequest($"A sibling ({variable.PathPart}) of this resource already has a variable path part -- only one is allowed");
        }
    }

    private static readonly PatchRules<RestResource> Patch = new PatchRules<RestResource>("updateResourceInput")
        .On("/pathPart", PatchOps.Replace, (r, p) => r with { PathPart = p.Value ?? "" })
        .On("/parentId", PatchOps.Replace, (r, p) => r with { ParentId = p.Text() })
        .InvalidPath((op, path) => op == PatchOps.Replace
            ? $"Invalid patch path  '{path}' specified for op 'replace'. Must be one of: [/parentId, /pathPart]"
            : $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).FirstOrDefault()}'. Please choose supported operations")
        .InvalidOp((op, path, _) => $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).First()}'. Please choose supported operations");

    [GeneratedRegex(@"^(?:[A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$")]
    private static partial Regex PathPartPattern();
}

/// <summary>A resource as the wire shows it (<c>resourceMethods</c> summarised unless <c>embed=methods</c>).</summary>
internal sealed record ResourceAnswer
{
    public required string Id { get; init; }
    public string? ParentId { get; init; }
    public string? PathPart { get; init; }
    public required string Path { get; init; }
    public IReadOnlyDictionary<string, object>? ResourceMethods { get; init; }
}
