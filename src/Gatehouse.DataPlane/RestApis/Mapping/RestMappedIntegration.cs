using Gatehouse.Model.HttpApis;
using Gatehouse.Model.RestApis;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// A non-proxy integration of a REST API method (<c>HTTP</c>, <c>AWS</c> with a Lambda URI, <c>MOCK</c>), compiled
/// once per deployment: integration request (parameter mappings, request template, overrides, content handling),
/// the call, integration response (selection pattern, response parameters, response template, overrides, content
/// handling). Thread-safe: each call keeps its state on its own.
/// </summary>
public sealed partial class RestMappedIntegration
{
    private readonly IntegrationRequestMapper _request;
    private readonly IntegrationBackend? _backend;
    private readonly IntegrationResponseMapper _response;
    private readonly string _type;
    private readonly ILogger _logger;

    private RestMappedIntegration(string type, IntegrationRequestMapper request, IntegrationBackend? backend, IntegrationResponseMapper response, ILogger logger)
    {
        _type = type;
        _request = request;
        _backend = backend;
        _response = response;
        _logger = logger;
    }

    /// <summary>True for the integration types this class serves: HTTP, AWS and MOCK.</summary>
    public static bool Handles(RestIntegration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return integration.Type is "HTTP" or "AWS" or "MOCK";
    }

    /// <summary>
    /// Compiles an integration. An AWS integration of a service other than Lambda, or a URI that cannot be called,
    /// compiles to one that answers 500 (API Gateway's configuration error) and logs why.
    /// </summary>
    public static RestMappedIntegration Compile(RestIntegration integration, RestMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(options);
        if (!Handles(integration))
        {
            throw new ArgumentException($"integration type {integration.Type} is not a non-proxy integration", nameof(integration));
        }

        var binary = new BinaryMediaTypes(options.BinaryMediaTypes);
        // The control plane checks the range (50 ms up to the account's quota); below 50 would fail every call.
        var timeout = TimeSpan.FromMilliseconds(Math.Max(integration.TimeoutInMillis, 50));
        IntegrationBackend? backend = integration.Type switch
        {
            "MOCK" => new MockBackend(),
            "HTTP" when !string.IsNullOrEmpty(integration.Uri) => new HttpBackend(new IntegrationUriTemplate(integration.Uri), integration.HttpMethod, timeout, options),
            "AWS" when LambdaFunctionUri.TryParse(integration.Uri, out var function, out _) &&
                integration.Uri!.Contains(":lambda:path/", StringComparison.Ordinal) => new LambdaBackend(function, timeout, options),
            _ => null,
        };
        return new RestMappedIntegration(
            integration.Type,
            IntegrationRequestMapper.Compile(integration, binary),
            backend,
            new IntegrationResponseMapper(IntegrationResponseSelector.Compile(integration.IntegrationResponses), binary),
            options.Logger);
    }

    /// <summary>Runs the integration for a method request.</summary>
    public async Task<RestIntegrationOutcome> InvokeAsync(MethodRequestData request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_backend is null)
        {
            LogUnsupported(_logger, _type);
            return RestIntegrationOutcome.Failed(RestIntegrationFailure.ConfigurationError);
        }

        if (_request.Map(request, out var requestFailure) is not { } integrationRequest)
        {
            return RestIntegrationOutcome.Failed(requestFailure!);
        }

        var called = await _backend.CallAsync(request, integrationRequest, cancellationToken);
        if (called.Response is not { } endpoint)
        {
            return new RestIntegrationOutcome
            {
                Failure = called.Failure ?? RestIntegrationFailure.IntegrationFailure,
                IntegrationStatus = called.IntegrationStatus,
                IntegrationError = called.IntegrationError,
                IntegrationLatency = called.Latency,
                IntegrationRequestId = called.RequestId,
            };
        }

        if (request.ExecutionLog is { } log && _type != "MOCK")
        {
            log.EndpointResponse(_type == "HTTP" ? endpoint.StatusCode : null, called.Latency, endpoint.Body.Span, endpoint.Headers);
        }

        var response = _response.Map(request, integrationRequest, endpoint, out var responseFailure);
        if (response is null)
        {
            LogNoResponse(_logger, _type, endpoint.SelectionValue);
        }

        return new RestIntegrationOutcome
        {
            Response = response,
            Failure = responseFailure,
            IntegrationStatus = called.IntegrationStatus,
            IntegrationError = called.IntegrationError,
            IntegrationLatency = called.Latency,
            IntegrationRequestId = called.RequestId,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Type} integration: its URI names nothing Gatehouse can call (AWS integrations support Lambda only); answering 500")]
    private static partial void LogUnsupported(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Type} integration: the integration response failed for '{SelectionValue}' (no matching response and no default, or a template or mapping failed); answering 500")]
    private static partial void LogNoResponse(ILogger logger, string type, string selectionValue);
}
