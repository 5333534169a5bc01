using Gatehouse.DataPlane.Integrations;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// Shapes a REST HTTP_PROXY request to the backend (the built URI, the integration's method, forwarding headers as
/// HTTP APIs send them, <c>integration.request.header.*</c> mappings) and notes the backend's answer. One shared
/// instance; per-request state comes from the typed features.
/// </summary>
public sealed class RestHttpProxyTransformer : HttpTransformer
{
    public static RestHttpProxyTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var context = httpContext.Features.Get<RequestContext>()!;
        var state = httpContext.Features.Get<RestRequestState>()!;
        var target = (RestHttpProxyTarget)state.Method!.Integration!;
        proxyRequest.RequestUri = context.IntegrationUri;
        proxyRequest.Headers.Host = null; // the backend sees its own host, as behind API Gateway
        if (target.Method is { } method)
        {
            proxyRequest.Method = method;
        }

        HttpProxyTransformer.RemoveConnectionListedHeaders(httpContext.Request.Headers.Connection, proxyRequest.Headers, proxyRequest.Content?.Headers);
        HttpProxyTransformer.AddForwardingHeaders(httpContext, proxyRequest, context);
        foreach (var mapping in target.Mappings)
        {
            if (mapping.Location != "header" ||
                RestMappingSource.Evaluate(mapping.Source, httpContext.Request, state, context.Variable) is not { } value)
            {
                continue;
            }

            var isContent = proxyRequest.Content is not null && mapping.Name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase);
            System.Net.Http.Headers.HttpHeaders headers = isContent ? proxyRequest.Content!.Headers : proxyRequest.Headers;
            headers.Remove(mapping.Name);
            headers.TryAddWithoutValidation(mapping.Name, value);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var proxyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var context = httpContext.Features.Get<RequestContext>()!;
        if (proxyResponse is not null)
        {
            var status = (int)proxyResponse.StatusCode;
            context.IntegrationAnswered(status, status);
            context.IntegrationRequestId = HttpProxyTransformer.BackendRequestId(proxyResponse);
            foreach (var token in proxyResponse.Headers.Connection)
            {
                httpContext.Response.Headers.Remove(token);
            }

            // The request id is the gateway's; a backend's own comes back renamed, as API Gateway remaps the headers it
            // sets itself (api-gateway-known-issues: "X-Amzn-Remapped-<string>").
            if (proxyResponse.Headers.TryGetValues("x-amzn-RequestId", out var backendIds))
            {
                httpContext.Response.Headers["x-amzn-RequestId"] = context.RequestId;
                httpContext.Response.Headers["x-amzn-Remapped-x-amzn-RequestId"] = string.Join(',', backendIds);
            }
        }

        context.Status = httpContext.Response.StatusCode;
        return proxyBody;
    }
}
