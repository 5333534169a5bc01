using System.Text;
using Gatehouse.Model.RestApis;
using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The integration request step of a non-proxy integration, compiled once per deployment: request parameter
/// mappings, the request template chosen by Content-Type under <c>passthroughBehavior</c>
/// (integration-passthrough-behaviors), the template rendered with <c>$input</c>, <c>$context</c> and
/// <c>$stageVariables</c>, its <c>$context.requestOverride</c> applied after the mappings
/// (apigateway-override-request-response-parameters), and the request's <c>contentHandling</c>
/// (api-gateway-payload-encodings-workflow).
/// </summary>
public sealed class IntegrationRequestMapper
{
    private readonly RequestParameterMapper _parameters;
    private readonly MappingTemplates _templates;
    private readonly PassthroughBehavior _passthrough;
    private readonly ContentHandling _contentHandling;
    private readonly BinaryMediaTypes _binaryMediaTypes;

    private IntegrationRequestMapper(RequestParameterMapper parameters, MappingTemplates templates, PassthroughBehavior passthrough,
        ContentHandling contentHandling, BinaryMediaTypes binaryMediaTypes)
    {
        _parameters = parameters;
        _templates = templates;
        _passthrough = passthrough;
        _contentHandling = contentHandling;
        _binaryMediaTypes = binaryMediaTypes;
    }

    public static IntegrationRequestMapper Compile(RestIntegration integration, BinaryMediaTypes binaryMediaTypes)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(binaryMediaTypes);
        var passthrough = integration.PassthroughBehavior switch
        {
            "NEVER" => PassthroughBehavior.Never,
            "WHEN_NO_TEMPLATES" => PassthroughBehavior.WhenNoTemplates,
            _ => PassthroughBehavior.WhenNoMatch,
        };
        return new IntegrationRequestMapper(
            RequestParameterMapper.Compile(integration.RequestParameters),
            MappingTemplates.Parse(integration.RequestTemplates),
            passthrough,
            ContentHandlings.Parse(integration.ContentHandling),
            binaryMediaTypes);
    }

    /// <summary>Maps a method request to the integration request, or the failure the client gets instead.</summary>
    public IntegrationRequest? Map(MethodRequestData request, out RestIntegrationFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        failure = null;
        var context = ContextVariables.ToTemplateMap(request.Context);
        if (!_parameters.TryMap(request, context, out var parameters))
        {
            failure = RestIntegrationFailure.InvalidJsonBody;
            return null;
        }

        var contentType = request.Header("Content-Type");
        var choice = MappingTemplateSelector.SelectRequest(_templates.Keys, contentType, _passthrough);
        if (choice.Outcome == RequestTemplateOutcome.UnsupportedMediaType)
        {
            failure = RestIntegrationFailure.UnsupportedMediaType;
            return null;
        }

        if (!PayloadConversion.TryConvertRequest(request.Body, _binaryMediaTypes.IsBinary(contentType), _contentHandling, out var body))
        {
            failure = RestIntegrationFailure.ConfigurationError;
            return null;
        }

        if (choice.Outcome == RequestTemplateOutcome.PassThrough)
        {
            return new IntegrationRequest { Parameters = parameters, Body = body, ContentType = contentType, Context = context };
        }

        var template = _templates.Get(choice.ContentType!, out _);
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

        var requestOverride = templateContext.ReadRequestOverride();
        foreach (var group in requestOverride.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            parameters.SetHeader(group.Key, group.Select(h => h.Value));
        }

        foreach (var group in requestOverride.QueryString.GroupBy(q => q.Key, StringComparer.Ordinal))
        {
            parameters.SetQuery(group.Key, group.Select(q => q.Value));
        }

        foreach (var (name, value) in requestOverride.Path)
        {
            parameters.Path[name] = value;
        }

        return new IntegrationRequest
        {
            Parameters = parameters,
            Body = Encoding.UTF8.GetBytes(rendered.Output!),
            ContentType = choice.ContentType,
            ResponseOverride = templateContext.ReadResponseOverride(),
            Context = context,
        };
    }
}
