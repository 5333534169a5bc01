using System.Net.Http.Headers;
using Gatehouse.DataPlane.Logging;
using Gatehouse.DataPlane.Mapping;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>
/// Shapes the request to the backend and the response back, for HTTP_PROXY integrations: the mapped URI and method,
/// forwarding headers, header mappings; then response mappings and CORS. One shared instance; per-request state
/// comes from the <see cref="RequestContext"/> feature.
/// </summary>
public sealed class HttpProxyTransformer : HttpTransformer
{
    public static HttpProxyTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var context = httpContext.Features.Get<RequestContext>()!;
        var integration = (HttpProxyIntegration)context.Route!.Integration!;
        proxyRequest.RequestUri = context.IntegrationUri;
        proxyRequest.Headers.Host = null; // the backend sees its own host, as behind API Gateway
        if (integration.Method is { } method)
        {
            proxyRequest.Method = method;
        }

        RemoveConnectionListedHeaders(httpContext.Request.Headers.Connection, proxyRequest.Headers, proxyRequest.Content?.Headers);
        AddForwardingHeaders(httpContext, proxyRequest, context);
        foreach (var mapping in integration.RequestMappings)
        {
            if (mapping.Target != MappingTarget.Header)
            {
                continue;
            }

            if (mapping.Action == MappingAction.Remove)
            {
                proxyRequest.Headers.Remove(mapping.Name);
                proxyRequest.Content?.Headers.Remove(mapping.Name);
                continue;
            }

            if (MappingEvaluator.Evaluate(mapping.Value, context, httpContext.Request) is { } value)
            {
                SetHeader(proxyRequest.Headers, proxyRequest.Content?.Headers, mapping.Name, value, mapping.Action == MappingAction.Append);
            }
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var proxyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var context = httpContext.Features.Get<RequestContext>()!;
        if (proxyResponse is not null)
        {
            var backendStatus = (int)proxyResponse.StatusCode;
            context.IntegrationAnswered(backendStatus, backendStatus);
            context.IntegrationRequestId = BackendRequestId(proxyResponse);
            foreach (var token in proxyResponse.Headers.Connection)
            {
                httpContext.Response.Headers.Remove(token);
            }

            if (context.Route!.Integration!.ResponseMappings.TryGetValue((int)proxyResponse.StatusCode, out var mappings))
            {
                ResponseMapper.Apply(httpContext, context, mappings, proxyResponse, integrationHeaders: null);
            }
        }

        context.Stage!.Deployment.Cors?.ApplyToResponse(httpContext);
        var status = httpContext.Response.StatusCode;
        context.Status = status;
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            // A status mapped to 204 or 304 carries no body, whatever the backend sent.
            httpContext.Response.Headers.ContentLength = null;
            httpContext.Response.Headers.TransferEncoding = default;
            return false;
        }

        if (proxyBody && httpContext.Response.ContentLength is null)
        {
            // A body of undeclared length (chunked): counted on its way out, for $context.responseLength.
            context.ResponseLength = 0;
            httpContext.Response.Body = new CountingResponseStream(httpContext.Response.Body, context);
        }

        return proxyBody;
    }

    /// <summary>The backend's request id, when it is an AWS endpoint that sends one: <c>$context.integration.requestId</c>.</summary>
    internal static string? BackendRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var amzn) ? amzn.FirstOrDefault()
        : response.Headers.TryGetValues("x-amz-request-id", out var amz) ? amz.FirstOrDefault()
        : null;

    internal static void AddForwardingHeaders(HttpContext httpContext, HttpRequestMessage proxyRequest, RequestContext context)
    {
        var headers = proxyRequest.Headers;
        var clientIp = context.SourceIp;
        var scheme = httpContext.Request.Scheme;
        var incoming = httpContext.Request.Headers["X-Forwarded-For"].ToString();
        headers.Remove("X-Forwarded-For");
        headers.TryAddWithoutValidation("X-Forwarded-For", incoming.Length == 0 ? clientIp : incoming + ", " + clientIp);
        headers.Remove("X-Forwarded-Proto");
        headers.TryAddWithoutValidation("X-Forwarded-Proto", scheme);
        headers.Remove("X-Forwarded-Port");
        var port = httpContext.Connection.LocalPort;
        headers.TryAddWithoutValidation("X-Forwarded-Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The trace: the request's X-Ray header, and its W3C form unless the caller sent one (forwarded as it came).
        headers.Remove(TraceHeader.AmazonHeader);
        headers.TryAddWithoutValidation(TraceHeader.AmazonHeader, context.TraceId);
        if (context.Span is not null)
        {
            // Traced by the gateway: the backend's parent is the gateway's span, in both notations.
            headers.Remove(TraceHeader.W3CHeader);
        }

        if (!headers.Contains(TraceHeader.W3CHeader) && TraceHeader.ToTraceParent(context.TraceId) is { } traceParent)
        {
            headers.TryAddWithoutValidation(TraceHeader.W3CHeader, traceParent);
        }

        var forwarded = $"for={FormatForwardedFor(clientIp)};host={context.DomainName};proto={scheme}";
        var priorForwarded = httpContext.Request.Headers["Forwarded"].ToString();
        headers.Remove("Forwarded");
        headers.TryAddWithoutValidation("Forwarded", priorForwarded.Length == 0 ? forwarded : priorForwarded + ", " + forwarded);
    }

    /// <summary>A proxy removes the headers that the Connection header names (RFC 9110 §7.6.1).</summary>
    internal static void RemoveConnectionListedHeaders(Microsoft.Extensions.Primitives.StringValues connection, HttpRequestHeaders headers, HttpContentHeaders? contentHeaders)
    {
        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                headers.Remove(token);
                contentHeaders?.Remove(token);
            }
        }
    }

    // RFC 7239: an IPv6 address is quoted and bracketed.
    private static string FormatForwardedFor(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"\"[{ip}]\"" : ip;

    private static void SetHeader(HttpRequestHeaders headers, HttpContentHeaders? contentHeaders, string name, string value, bool append)
    {
        var isContent = contentHeaders is not null && IsContentHeader(name);
        HttpHeaders target = isContent ? contentHeaders! : headers;
        if (append && target.TryGetValues(name, out var existing))
        {
            value = string.Join(',', existing) + "," + value;
        }

        target.Remove(name);
        target.TryAddWithoutValidation(name, value);
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || name.Equals("Allow", StringComparison.OrdinalIgnoreCase);
}
