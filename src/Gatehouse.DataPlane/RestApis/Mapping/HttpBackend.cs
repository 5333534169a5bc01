using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// HTTP (non-proxy): sends the mapped request to the integration URI with the integration's method (ANY: the
/// client's) and waits at most <c>timeoutInMillis</c> (then 504 <c>Endpoint request timed out</c>). Only mapped
/// headers reach the backend, with API Gateway's own (recorded on AWS, test_apigateway_header_remapping_http[HTTP]):
/// <c>Accept: application/json</c>, <c>User-Agent: AmazonAPIGateway_{apiId}</c>, <c>X-Amzn-Apigateway-Api-Id</c>,
/// <c>X-Amzn-Trace-Id</c>. A backend that cannot be reached is 500 <c>Internal server error</c>.
/// </summary>
public sealed partial class HttpBackend : IntegrationBackend
{
    /// <summary>REST APIs' payload limit (10 MB): a larger backend answer is not read.</summary>
    public const int MaxResponseBytes = 10 * 1024 * 1024;

    // Mapping these makes AWS answer 500 (recorded: test_apigateway_header_remapping_http[HTTP], content-length and
    // transfer-encoding); these others AWS drops before the call (facts §5.3).
    private static readonly HashSet<string> RefusedHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Transfer-Encoding" };
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Expect", "Proxy-Authenticate", "TE", "Via" };

    private readonly IntegrationUriTemplate _uri;
    private readonly string? _httpMethod;
    private readonly TimeSpan _timeout;
    private readonly HttpMessageInvoker? _invoker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public HttpBackend(IntegrationUriTemplate uri, string? httpMethod, TimeSpan timeout, RestMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        _uri = uri;
        _httpMethod = string.IsNullOrEmpty(httpMethod) || httpMethod == "ANY" ? null : httpMethod;
        _timeout = timeout;
        _invoker = options.HttpInvoker;
        _logger = options.Logger;
        _time = options.TimeProvider;
    }

    public override async ValueTask<BackendResult> CallAsync(MethodRequestData request, IntegrationRequest integrationRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(integrationRequest);
        if (_invoker is null)
        {
            LogNoClient(_logger);
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "no HTTP client is configured");
        }

        if (integrationRequest.Parameters.Headers.Any(h => RefusedHeaders.Contains(h.Key)))
        {
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "Execution failed due to configuration error: a reserved header is mapped");
        }

        if (_uri.Resolve(request.StageVariables, integrationRequest.Parameters) is not { } uri)
        {
            LogInvalidUri(_logger, _uri.Template);
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "Execution failed due to configuration error: Invalid endpoint address");
        }

        using var message = BuildRequest(request, integrationRequest, uri);
        request.ExecutionLog?.EndpointRequest(uri.ToString(),
            message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))),
            integrationRequest.Body.Span);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _invoker.SendAsync(message, timeout.Token);
            var body = await ReadBodyAsync(response.Content, timeout.Token);
            var latency = _time.GetElapsedTime(started);
            if (body is null)
            {
                return BackendResult.Failed(RestIntegrationFailure.IntegrationFailure, "the backend's response is larger than 10 MB", latency);
            }

            var status = (int)response.StatusCode;
            return new BackendResult
            {
                Response = new EndpointResponse
                {
                    StatusCode = status,
                    Headers = ResponseHeaders(response),
                    Body = body,
                    SelectionValue = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                IntegrationStatus = status,
                Latency = latency,
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, WithoutQuery(uri), (long)_timeout.TotalMilliseconds);
            return BackendResult.Failed(RestIntegrationFailure.Timeout, "Execution failed due to a timeout error", _time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            LogUnreachable(_logger, WithoutQuery(uri), e.Message);
            return BackendResult.Failed(RestIntegrationFailure.IntegrationFailure, "Execution failed due to an internal error: " + e.Message, _time.GetElapsedTime(started));
        }
    }

    /// <summary>The URL for the logs: scheme, host and path only (mapped query values may be keys).</summary>
    private static string WithoutQuery(Uri uri) => uri.GetLeftPart(UriPartial.Path);

    private HttpRequestMessage BuildRequest(MethodRequestData request, IntegrationRequest integrationRequest, Uri uri)
    {
        var message = new HttpRequestMessage(new HttpMethod(_httpMethod ?? request.HttpMethod), uri);
        var apiId = request.Context.ApiId;
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", "AmazonAPIGateway_" + apiId);
        message.Headers.TryAddWithoutValidation("X-Amzn-Apigateway-Api-Id", apiId);
        if (request.TraceId is { } traceId)
        {
            message.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", traceId);
        }

        if (!integrationRequest.Body.IsEmpty)
        {
            message.Content = new ReadOnlyMemoryContent(integrationRequest.Body);
            if (integrationRequest.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var group in integrationRequest.Parameters.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (DroppedHeaders.Contains(group.Key))
            {
                continue;
            }

            var values = group.Select(h => h.Value).ToArray();
            message.Headers.Remove(group.Key);
            if (!message.Headers.TryAddWithoutValidation(group.Key, values))
            {
                message.Content ??= new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
                message.Content.Headers.Remove(group.Key);
                message.Content.Headers.TryAddWithoutValidation(group.Key, values);
            }
        }

        return message;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static List<KeyValuePair<string, string>> ResponseHeaders(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
        Add(response.Headers);
        Add(response.Content.Headers);
        return headers;

        void Add(HttpHeaders source)
        {
            foreach (var (name, values) in source.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP integration: no HTTP client is configured; answering 500")]
    private static partial void LogNoClient(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP integration: '{Uri}' does not resolve to an http(s) URL; answering 500")]
    private static partial void LogInvalidUri(ILogger logger, string uri);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP integration: {Uri} did not answer within {TimeoutMs} ms; answering 504")]
    private static partial void LogTimedOut(ILogger logger, string uri, long timeoutMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP integration: {Uri} could not be reached: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string uri, string error);
}
