using System.Text;
using Gatehouse.DataPlane.Mapping;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>
/// Builds the URI of an HTTP_PROXY integration request: the rendered integration URI, the full request path for the
/// <c>$default</c> route, the client's query string, then <c>overwrite:path</c> and query-string mappings.
/// </summary>
public static class IntegrationRequestUri
{
    public static Uri? Build(RequestContext context, HttpRequest request, string rawQuery)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var route = context.Route!;
        var integration = (HttpProxyIntegration)route.Integration!;
        var rendered = integration.Uri.Render(context);

        var queryStart = rendered.IndexOf('?', StringComparison.Ordinal);
        var baseQuery = queryStart < 0 ? "" : rendered[(queryStart + 1)..];
        var address = queryStart < 0 ? rendered : rendered[..queryStart];
        if (route.RouteKey.IsDefault)
        {
            // The $default route sends the full request path to the integration, as AWS does.
            address = address.TrimEnd('/') + context.Path;
        }

        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        query = baseQuery.Length == 0 ? query : query.Length == 0 ? baseQuery : baseQuery + "&" + query;

        if (integration.HasQueryOrPathMappings)
        {
            (address, query) = ApplyMappings(context, request, integration, address, query);
        }

        var text = query.Length == 0 ? address : address + "?" + query;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
    }

    private static (string Address, string Query) ApplyMappings(
        RequestContext context, HttpRequest request, HttpProxyIntegration integration, string address, string query)
    {
        foreach (var mapping in integration.RequestMappings)
        {
            if (mapping.Target == MappingTarget.Path &&
                MappingEvaluator.Evaluate(mapping.Value, context, request) is { } path && Uri.TryCreate(address, UriKind.Absolute, out var current))
            {
                address = current.GetLeftPart(UriPartial.Authority) + EscapePath(path.StartsWith('/') ? path : "/" + path);
            }
        }

        return (address, QueryStringMapper.Apply(integration.RequestMappings, context, request, query));
    }

    private static string EscapePath(string path)
    {
        var builder = new StringBuilder(path.Length + 8);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            // Keep what is already escaped; escape what is not.
            builder.Append(Uri.EscapeDataString(Uri.UnescapeDataString(segments[i])));
        }

        return builder.ToString();
    }
}
