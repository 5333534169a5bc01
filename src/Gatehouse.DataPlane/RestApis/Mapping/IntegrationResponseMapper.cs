using System.Text;
using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The integration response step: choose the integration response by selection pattern, map its response
/// parameters, convert the payload (contentHandling, api-gateway-payload-encodings-workflow), render the response
/// template chosen by the request's Accept header (no template, or an empty one: the body passes through), then
/// apply <c>$context.responseOverride</c> (the request template's, then the response template's).
/// </summary>
public sealed class IntegrationResponseMapper
{
    private const string DefaultContentType = "application/json";

    private readonly IntegrationResponseSelector _selector;
    private readonly BinaryMediaTypes _binaryMediaTypes;

    public IntegrationResponseMapper(IntegrationResponseSelector selector, BinaryMediaTypes binaryMediaTypes)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(binaryMediaTypes);
        _selector = selector;
        _binaryMediaTypes = binaryMediaTypes;
    }

    /// <summary>The method response for what the backend answered, or the failure the client gets instead.</summary>
    public RestMethodResponse? Map(MethodRequestData request, IntegrationRequest integrationRequest, EndpointResponse endpoint,
        out RestIntegrationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(integrationRequest);
        ArgumentNullException.ThrowIfNull(endpoint);
        failure = null;
        if (_selector.Select(endpoint.SelectionValue) is not { } selected)
        {
            failure = RestIntegrationFailure.ConfigurationError;
            return null;
        }

        var context = integrationRequest.Context;
        if (!selected.Parameters.TryMap(endpoint, context, request.StageVariables, out var headers))
        {
            failure = RestIntegrationFailure.ConfigurationError;
            return null;
        }

        var accept = request.Header("Accept");
        if (!PayloadConversion.TryConvertResponse(endpoint.Body, _binaryMediaTypes.IsBinary(endpoint.ContentType),
                _binaryMediaTypes.IsBinary(accept), selected.ContentHandling, out var body))
        {
            failure = RestIntegrationFailure.ConfigurationError;
            return null;
        }

        var status = selected.StatusCode;
        var contentType = endpoint.ContentType ?? DefaultContentType;
        ApplyOverride(integrationRequest.ResponseOverride, ref status, headers);

        var key = MappingTemplateSelector.SelectResponse(selected.Templates.Keys, accept);
        if (key is not null && !selected.Templates.IsEmpty(key))
        {
            var template = selected.Templates.Get(key, out _);
            if (template is null)
            {
                failure = RestIntegrationFailure.ConfigurationError;
                return null;
            }

            var templateContext = TemplateContexts.For(request, Encoding.UTF8.GetString(body.Span), context);
            var rendered = template.Render(templateContext);
            if (!rendered.Succeeded)
            {
                failure = RestIntegrationFailure.ConfigurationError;
                return null;
            }

            body = Encoding.UTF8.GetBytes(rendered.Output!);
            contentType = key;
            ApplyOverride(templateContext.ReadResponseOverride(), ref status, headers);
        }

        // A mapped Content-Type is the response's Content-Type.
        var mappedType = headers.FindLastIndex(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase));
        if (mappedType >= 0)
        {
            contentType = headers[mappedType].Value;
            headers.RemoveAll(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase));
        }

        return new RestMethodResponse { StatusCode = status, Headers = MethodResponseHeaders.Remap(headers), Body = body, ContentType = contentType };
    }

    private static void ApplyOverride(ResponseOverride? responseOverride, ref int status, List<KeyValuePair<string, string>> headers)
    {
        if (responseOverride is null)
        {
            return;
        }

        if (responseOverride.Status is { } overridden)
        {
            status = overridden;
        }

        foreach (var group in responseOverride.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            headers.RemoveAll(h => string.Equals(h.Key, group.Key, StringComparison.OrdinalIgnoreCase));
            headers.AddRange(group);
        }
    }
}
