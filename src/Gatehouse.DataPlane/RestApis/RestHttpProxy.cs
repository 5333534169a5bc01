using System.Text;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A REST API's HTTP_PROXY integration, on YARP's forwarder as HTTP APIs forward: the integration URI with stage
/// variables and its <c>{name}</c> placeholders filled from <c>integration.request.path.*</c> mappings, the client's
/// query string plus <c>integration.request.querystring.*</c>, headers plus <c>integration.request.header.*</c>;
/// <c>timeoutInMillis</c> → 504 <c>INTEGRATION_TIMEOUT</c>; an unreachable backend → 500 (API_CONFIGURATION_ERROR,
/// "an invalid endpoint address": supported-gateway-response-types).
/// </summary>
public sealed partial class RestHttpProxy(IHttpForwarder forwarder, HttpMessageInvoker backendClient, ILogger<RestHttpProxy> logger)
{
    private const string UnusedDestinationPrefix = "http://integration.invalid/";

    public async Task InvokeAsync(HttpContext httpContext, RequestContext context, RestRequestState state, string rawQuery, RestHttpProxyTarget target)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        var responses = state.Stage.Deployment.GatewayResponses;
        if (BuildUri(httpContext.Request, context, state, rawQuery, target) is not { } uri)
        {
            LogInvalidUri(logger, context.ApiId, target.UriTemplate, state.Stage.Name);
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.ApiConfigurationError);
            return;
        }

        context.IntegrationUri = uri;
        state.ExecutionLog?.Add("Endpoint request URI: " + uri);
        state.ExecutionLog?.Add("Sending request to " + uri);
        context.IntegrationStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var error = await forwarder.SendAsync(httpContext, UnusedDestinationPrefix, backendClient, target.RequestConfig, RestHttpProxyTransformer.Instance);
        if (error == ForwarderError.None)
        {
            state.ExecutionLog?.Add($"Received response. Status: {httpContext.Response.StatusCode}, Integration latency: " +
                $"{(long)System.Diagnostics.Stopwatch.GetElapsedTime(context.IntegrationStarted).TotalMilliseconds} ms");
            return;
        }

        context.IntegrationError ??= httpContext.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
        if (httpContext.Response.HasStarted)
        {
            return;
        }

        RestGatewayError? answer = error switch
        {
            ForwarderError.RequestTimedOut => RestGatewayError.IntegrationTimeout,
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => null,
            ForwarderError.RequestBodyClient =>
                httpContext.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: 413 } ? RestGatewayError.RequestTooLarge : null,
            ForwarderError.Request => RestGatewayError.ApiConfigurationError,
            _ => RestGatewayError.IntegrationFailure,
        };
        if (answer is not null)
        {
            RestApiHandler.ClearResponse(httpContext);
            await responses.WriteAsync(httpContext, context, state, answer);
        }
    }

    /// <summary>The URI the request goes to; null when the stage's variables or the mappings leave it invalid.</summary>
    public static Uri? BuildUri(HttpRequest request, RequestContext context, RestRequestState state, string rawQuery, RestHttpProxyTarget target)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        var text = LambdaFunctionUri.SubstituteStageVariables(target.UriTemplate, state.Stage.StageVariables);
        var builder = new StringBuilder(text.Length + 64);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('{', position);
            var close = open < 0 ? -1 : text.IndexOf('}', open);
            if (close < 0)
            {
                break;
            }

            builder.Append(text, position, open - position);
            var name = text[(open + 1)..close];
            // A path placeholder takes its mapping's value (as the client sent it, percent-encoding kept); without a
            // mapping, the method's path parameter of the same name.
            var mapping = Array.Find(target.Mappings, m => m.Location == "path" && m.Name == name);
            var value = mapping is not null
                ? RestMappingSource.Evaluate(mapping.Source, request, state, context.Variable)
                : state.PathParameter(name.TrimEnd('+'));
            builder.Append(value ?? "");
            position = close + 1;
        }

        builder.Append(text, position, text.Length - position);
        var query = new StringBuilder(rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery);
        foreach (var mapping in target.Mappings)
        {
            if (mapping.Location == "querystring" && RestMappingSource.Evaluate(mapping.Source, request, state, context.Variable) is { } value)
            {
                query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(mapping.Name)).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        if (query.Length > 0)
        {
            builder.Append(text.Contains('?', StringComparison.Ordinal) ? '&' : '?').Append(query);
        }

        return Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST API {ApiId}: integration URI '{Uri}' on stage {Stage} is not a valid http(s) URI; answering 500")]
    private static partial void LogInvalidUri(ILogger logger, string apiId, string uri, string stage);
}
