using System.Diagnostics;
using Gatehouse.DataPlane.Addressing;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Logging;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.DataPlane.Responses;
using Gatehouse.DataPlane.Routing;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model;
using Gatehouse.Observability.Logs;
using Gatehouse.Store.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane;

/// <summary>
/// The data plane for HTTP APIs: address → stage → CORS preflight → route match → throttle → authorize → method request checks →
/// integration (HTTP proxy, or Lambda proxy through <see cref="IFunctionInvoker"/>) → response mapping and CORS.
/// Reads only the immutable compiled APIs.
/// </summary>
public sealed partial class HttpApiHandler(
    ApiRegistry registry, IHttpForwarder forwarder, HttpMessageInvoker backendClient, DataPlaneOptions options, ILogger<HttpApiHandler> logger,
    IFunctionInvoker? functionInvoker = null, Throttler? throttler = null, ILogWriter? logWriter = null)
{
    // The invoker is optional so that the server starts without a function runtime; Lambda routes then answer 500.
    private LambdaProxy? _lambdaProxy;

    /// <summary>API Gateway's payload limit: 10 MB.</summary>
    public const long MaxPayloadBytes = 10 * 1024 * 1024;

    // The forwarder wants a destination prefix, but the transformer always sets the full request URI itself.
    private const string UnusedDestinationPrefix = "http://integration.invalid/";

    public async Task InvokeAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var received = Stopwatch.GetTimestamp();
        try
        {
            await HandleAsync(httpContext, received);
        }
        catch (Exception e) when (!httpContext.RequestAborted.IsCancellationRequested)
        {
            // A bug must not take the connection down without an answer: log it and answer as AWS does.
            LogUnexpected(logger, e, httpContext.Request.Method, httpContext.Request.Path);
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Clear();
                if (httpContext.Features.Get<RequestContext>() is { } context)
                {
                    context.Error = GatewayResponse.InternalServerError;
                }

                await GatewayResponseWriter.WriteAsync(httpContext, GatewayResponse.InternalServerError);
            }
        }
        finally
        {
            // Also for a request whose client went away mid-way: it is logged, counted and its span ended.
            Finish(httpContext);
            RequestMetrics.Record(httpContext, registry, received);
        }
    }

    /// <summary>After the answer: the stage's access log line (queued, never waited for) and the end of the request's span.</summary>
    private void Finish(HttpContext httpContext)
    {
        if (httpContext.Features.Get<RequestContext>() is not { } context)
        {
            return;
        }

        if (logWriter is not null && context.Stage?.AccessLog is { } accessLog)
        {
            accessLog.Write(logWriter, context, httpContext);
        }

        if (context.Span is { } span)
        {
            GatewayTracing.EndRequest(span, context, httpContext.Response.StatusCode);
        }
    }

    private async Task HandleAsync(HttpContext httpContext, long received)
    {
        var request = httpContext.Request;
        var rawTarget = httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[queryStart..];

        var requestId = Ids.NewRequestId();
        httpContext.Response.Headers["apigw-requestid"] = requestId;

        var host = request.Host.Host;
        if (!ApiAddress.TryResolve(host, rawPath, out var address) || registry.Find(address.ApiId) is not { } api)
        {
            await GatewayResponseWriter.WriteAsync(httpContext, GatewayResponse.NotFound);
            return;
        }

        var requestTimeEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (span, traceId) = GatewayTracing.StartRequest(TraceHeader.For(request.Headers, requestTimeEpoch), options.TraceSampleRatio, request.Method);
        var context = new RequestContext
        {
            RequestId = requestId,
            ApiId = api.ApiId,
            AccountId = options.AccountId,
            DomainName = host,
            HttpMethod = request.Method,
            Path = address.Path,
            RequestTimeEpoch = requestTimeEpoch,
            SourceIp = httpContext.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = request.Headers.UserAgent.ToString(),
            TraceId = traceId,
            Span = span,
            ReceivedTimestamp = received,
        };
        httpContext.Features.Set(context);

        if (!SelectStage(api, address.Path, context))
        {
            await GatewayResponseWriter.WriteAsync(httpContext, GatewayResponse.NotFound);
            return;
        }

        var deployment = context.Stage!.Deployment;
        if (deployment.DisableExecuteApiEndpoint)
        {
            await GatewayResponseWriter.WriteAsync(httpContext, GatewayResponse.Forbidden);
            return;
        }

        if (deployment.Cors is { } cors && CorsPolicy.IsPreflight(request))
        {
            cors.WritePreflight(httpContext);
            return;
        }

        context.PathSegments = RequestPath.Split(context.StagePath);
        context.Route = deployment.Routes.Match(request.Method, context.PathSegments);
        if (context.Route is null)
        {
            await WriteErrorAsync(httpContext, context, GatewayResponse.NotFound);
            return;
        }

        if (throttler is not null && !await throttler.AdmitAsync(context.Stage, context.Route, api.ApiId, httpContext.RequestAborted))
        {
            await WriteErrorAsync(httpContext, context, GatewayResponse.TooManyRequests);
            return;
        }

        if (request.ContentLength > MaxPayloadBytes)
        {
            await WriteErrorAsync(httpContext, context, GatewayResponse.RequestTooLarge);
            return;
        }

        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxPayloadBytes;
        }

        if (context.Route.Authorizer is { } authorizer)
        {
            AuthorizationResult verdict;
            using (GatewayTracing.StartChild("authorizer"))
            {
                verdict = await authorizer.AuthorizeAsync(httpContext, context);
            }

            if (!verdict.IsAllowed)
            {
                context.AuthorizerError = verdict.Error;
                if (verdict.WwwAuthenticate is { } challenge)
                {
                    httpContext.Response.Headers.WWWAuthenticate = challenge;
                }

                if (verdict.ErrorType is { } errorType)
                {
                    httpContext.Response.Headers["x-amzn-ErrorType"] = errorType;
                }

                await WriteErrorAsync(httpContext, context, verdict.Denial!, verdict.Body);
                return;
            }

            context.Authorizer = verdict.Output;
        }

        if (MissingParameters(context, request) is { } missing)
        {
            deployment.Cors?.ApplyToResponse(httpContext);
            context.Error = GatewayResponse.BadRequestParameters;
            await GatewayResponseWriter.WriteAsync(httpContext, GatewayResponse.BadRequestParameters,
                $"Missing required request parameters: [{missing}]");
            return;
        }

        var integration = context.Route.Integration;
        if (integration is LambdaProxyIntegration lambda)
        {
            _lambdaProxy ??= new LambdaProxy(functionInvoker, logger);
            using (GatewayTracing.StartChild("integration", ActivityKind.Client))
            {
                await _lambdaProxy.InvokeAsync(httpContext, context, rawQuery.AsMemory(), lambda);
            }

            return;
        }

        if (integration is not HttpProxyIntegration http || (context.IntegrationUri = IntegrationRequestUri.Build(context, request, rawQuery)) is null)
        {
            // A route without an integration, or a URI that a stage variable left invalid: a configuration error.
            await WriteErrorAsync(httpContext, context, GatewayResponse.InternalServerError);
            return;
        }

        context.IntegrationStarted = Stopwatch.GetTimestamp();
        ForwarderError error;
        using (GatewayTracing.StartChild("integration", ActivityKind.Client))
        {
            error = await forwarder.SendAsync(httpContext, UnusedDestinationPrefix, backendClient, http.RequestConfig, HttpProxyTransformer.Instance);
        }

        if (error != ForwarderError.None)
        {
            context.IntegrationError ??= httpContext.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
        }

        if (error != ForwarderError.None && !httpContext.Response.HasStarted)
        {
            var response = ToGatewayResponse(error, httpContext);
            if (response is not null)
            {
                httpContext.Response.Headers.Clear();
                httpContext.Response.Headers["apigw-requestid"] = requestId;
                await WriteErrorAsync(httpContext, context, response);
            }
        }
    }

    /// <summary>
    /// AWS's stage rule: a first path segment that names a stage selects it; otherwise the $default stage serves the
    /// whole path; otherwise there is nothing to serve.
    /// </summary>
    private static bool SelectStage(CompiledApi api, string path, RequestContext context)
    {
        if (api.NamedStages.Count > 0)
        {
            var rest = path.AsSpan(1);
            var slash = rest.IndexOf('/');
            var first = slash < 0 ? rest : rest[..slash];
            var name = first.Contains('%') ? Uri.UnescapeDataString(first.ToString()) : first.ToString();
            if (api.NamedStages.TryGetValue(name, out var stage))
            {
                context.Stage = stage;
                context.StagePath = slash < 0 ? "/" : rest[slash..].ToString();
                return true;
            }
        }

        if (api.DefaultStage is { } defaultStage)
        {
            context.Stage = defaultStage;
            context.StagePath = path;
            return true;
        }

        return false;
    }

    private static string? MissingParameters(RequestContext context, HttpRequest request)
    {
        var required = context.Route!.RequiredParameters;
        if (required.Count == 0)
        {
            return null;
        }

        var missing = required.Where(p => p.Location switch
        {
            "header" => !request.Headers.ContainsKey(p.Name),
            "querystring" => !request.Query.ContainsKey(p.Name),
            "path" => string.IsNullOrEmpty(context.PathParameter(p.Name)),
            _ => false,
        }).Select(p => p.Name).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    private static GatewayResponse? ToGatewayResponse(ForwarderError error, HttpContext httpContext) => error switch
    {
        ForwarderError.RequestTimedOut => GatewayResponse.IntegrationTimeout,
        ForwarderError.Request => GatewayResponse.ServiceUnavailable,
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => null,
        ForwarderError.RequestBodyClient =>
            httpContext.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: 413 }
                ? GatewayResponse.RequestTooLarge
                : null,
        _ => GatewayResponse.BadGateway,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Data-plane request {Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);

    /// <summary>A gateway-made answer after the stage is known: the stage's CORS headers, then AWS's status and body.</summary>
    internal static Task WriteErrorAsync(HttpContext httpContext, RequestContext context, GatewayResponse response, ReadOnlyMemory<byte>? body = null)
    {
        context.Stage?.Deployment.Cors?.ApplyToResponse(httpContext);
        context.Status = response.StatusCode;
        context.Error = response;
        return body is { } custom ? GatewayResponseWriter.WriteAsync(httpContext, response, custom) : GatewayResponseWriter.WriteAsync(httpContext, response);
    }
}

public sealed record DataPlaneOptions
{
    public string AccountId { get; init; } = "000000000000";

    /// <summary>The region in execute-api ARNs (<c>routeArn</c>, IAM resources).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>API Gateway's default account-level limit per region: 10,000 requests per second, a burst of 5,000.</summary>
    public static readonly TokenBucketLimits AwsAccountThrottle = new(10_000, 5_000);

    /// <summary>The account-level limit over every API (<see cref="AwsAccountThrottle"/> unless configured); null turns it off.</summary>
    public TokenBucketLimits? AccountThrottle { get; init; } = AwsAccountThrottle;

    /// <summary>The share of requests without a sampling decision whose spans are recorded, when tracing is on (0 to 1).</summary>
    public double TraceSampleRatio { get; init; } = 1;

    /// <summary>
    /// Where REST APIs' Cognito user pools issue their tokens: a pool's issuer is <c>{endpoint}/{poolId}</c>. Null means
    /// Amazon Cognito itself, <c>https://cognito-idp.{region}.amazonaws.com</c> (the region of the pool's ARN); a local
    /// Cognito emulator or OIDC provider serves the same paths.
    /// </summary>
    public string? CognitoIdpEndpoint { get; init; }
}
