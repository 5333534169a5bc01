using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Responses;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>
/// A route's Lambda (REQUEST) authorizer for HTTP APIs: reads the identity sources (a missing one is 401 without
/// calling the function), answers from the result cache when the identity values were seen within the TTL, else
/// invokes the function with the payload-format 1.0 or 2.0 authorizer event, reads its answer (simple or IAM policy)
/// and caches it. Function errors, timeouts and invalid answers are 500 as AWS answers; an error whose message
/// is exactly <c>Unauthorized</c> is 401, as API Gateway treats it.
/// </summary>
public sealed partial class LambdaRouteAuthorizer(LambdaAuthorizerConfig config, IFunctionInvoker? invoker, IStateStore state, ILogger logger)
    : RouteAuthorizer
{
    private readonly SingleFlight<(Outcome Outcome, AuthorizationResult Verdict)> _inFlight = new();

    public LambdaAuthorizerConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    public override async ValueTask<AuthorizationResult> AuthorizeAsync(HttpContext httpContext, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        var sources = Config.IdentitySources;
        var values = new string[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            if (sources[i].Evaluate(context, httpContext.Request) is not { } value)
            {
                return AuthorizationResult.Denied(GatewayResponse.Unauthorized, $"The identity source {sources[i].Expression} is missing.");
            }

            values[i] = value;
        }

        var routeArn = RouteArn(context);
        var cacheKey = Config.CachesResults && values.Length > 0 ? CacheKey(context, values) : null;
        if (cacheKey is not null && await state.GetCachedAsync(cacheKey, httpContext.RequestAborted) is { } cached)
        {
            return Decide(cached, routeArn, latency: 0);
        }

        if (invoker is null || Config.Function.For(context.Stage!) is not { } function)
        {
            LogUnresolved(logger, Config.AuthorizerId, Config.Function.Template.FunctionArn);
            return AuthorizationResult.Denied(GatewayResponse.InternalServerError, "The authorizer's function could not be resolved.");
        }

        if (cacheKey is null)
        {
            return Verdict(await InvokeAsync(httpContext, context, invoker, function, routeArn, values, httpContext.RequestAborted), routeArn);
        }

        // Concurrent misses for the same identity share one invocation (an expired entry under load would otherwise
        // start the function once per waiting request); the shared call is not tied to any one client's connection.
        var (run, shared) = await _inFlight.RunAsync(cacheKey, async () =>
        {
            var outcome = await InvokeAsync(httpContext, context, invoker, function, routeArn, values, CancellationToken.None);
            var verdict = Verdict(outcome, routeArn);
            if (outcome.Answer is { } answer && verdict.Denial != GatewayResponse.InternalServerError)
            {
                // A valid answer (allow or deny) is cached; an unreadable one is not.
                await state.SetCachedAsync(cacheKey, answer, Config.ResultTtl, CancellationToken.None);
            }

            return (outcome, verdict);
        }, httpContext.RequestAborted);
        return shared ? Verdict(run.Outcome, routeArn, shared: true) : run.Verdict;
    }

    /// <summary>What one invocation of the authorizer function gave: its answer, or the failure to answer with.</summary>
    private readonly record struct Outcome(byte[]? Answer, long Latency, AuthorizationResult Failure);

    private AuthorizationResult Verdict(Outcome outcome, string routeArn, bool shared = false) =>
        outcome.Answer is { } answer ? Decide(answer, routeArn, shared ? 0 : outcome.Latency) : outcome.Failure;

    private async Task<Outcome> InvokeAsync(HttpContext httpContext, RequestContext context, IFunctionInvoker functions, LambdaFunctionUri function,
        string routeArn, string[] values, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var eventRequest = LambdaProxy.IntegrationRequest(httpContext, context, RawQuery(httpContext), integration: null, ReadOnlyMemory<byte>.Empty) with
        {
            Authorizer = new AuthorizerEventFields(routeArn, values),
        };
        byte[] payload;
        using (var buffer = new PooledBufferWriter(4096))
        {
            if (Config.PayloadFormat == LambdaPayloadFormat.V2)
            {
                PayloadV2EventWriter.Write(buffer, eventRequest);
            }
            else
            {
                PayloadV1EventWriter.Write(buffer, eventRequest);
            }

            payload = buffer.WrittenMemory.ToArray();
        }

        InvocationResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Config.Timeout);
            try
            {
                result = await functions.InvokeAsync(new InvocationRequest
                {
                    FunctionName = function.FunctionArn,
                    Qualifier = function.Qualifier,
                    Payload = payload,
                    TraceId = eventRequest.TraceId,
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, Config.AuthorizerId, function.FunctionArn, "timed out");
                return new Outcome(null, 0, AuthorizationResult.Denied(GatewayResponse.InternalServerError, "The authorizer timed out."));
            }
        }

        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Status != InvocationStatus.Completed || result.FunctionError is not null)
        {
            if (result.FunctionError is not null && IsUnauthorizedError(result.Payload.Span))
            {
                return new Outcome(null, latency, AuthorizationResult.Denied(GatewayResponse.Unauthorized, "Unauthorized"));
            }

            var reason = result.FunctionError is not null ? Encoding.UTF8.GetString(result.Payload.Span) : result.ErrorMessage ?? result.Status.ToString();
            LogFailed(logger, Config.AuthorizerId, function.FunctionArn, reason);
            return new Outcome(null, latency, AuthorizationResult.Denied(GatewayResponse.InternalServerError, "The authorizer failed: " + reason));
        }

        return new Outcome(result.Payload.ToArray(), latency, default);
    }

    private AuthorizationResult Decide(byte[] answer, string routeArn, long latency)
    {
        var parsed = LambdaAuthorizerAnswer.Parse(answer, Config.SimpleResponses, routeArn, out var error);
        if (parsed is null)
        {
            LogInvalidAnswer(logger, Config.AuthorizerId, error!);
            return AuthorizationResult.Denied(GatewayResponse.InternalServerError, error!);
        }

        if (!parsed.Allowed)
        {
            return AuthorizationResult.Denied(GatewayResponse.Forbidden, "The authorizer denied the request.");
        }

        return AuthorizationResult.Allowed(new AuthorizerOutput
        {
            Kind = AuthorizerKind.Lambda,
            PrincipalId = parsed.PrincipalId,
            LambdaContext = parsed.Context,
            IntegrationLatency = latency,
        });
    }

    public string RouteArn(RequestContext context) => RouteArns.For(Config.Region, context);

    /// <summary>The cache key of an identity (<see cref="AuthorizerCacheKeys"/>: its values hashed).</summary>
    private string CacheKey(RequestContext context, string[] values) =>
        AuthorizerCacheKeys.Http(context.ApiId, Config.AuthorizerId, context.Stage!.Deployment.DeploymentId, values);

    private static ReadOnlyMemory<char> RawQuery(HttpContext httpContext)
    {
        var query = httpContext.Request.QueryString.Value;
        return string.IsNullOrEmpty(query) ? ReadOnlyMemory<char>.Empty : query.AsMemory(1);
    }

    /// <summary>Whether a function's error document is the literal <c>Unauthorized</c> error API Gateway answers 401 for.</summary>
    internal static bool IsUnauthorizedError(ReadOnlySpan<byte> errorDocument) => FunctionErrorDocument.Message(errorDocument) == "Unauthorized";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda authorizer {AuthorizerId}: function {Function} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string authorizerId, string function, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda authorizer {AuthorizerId}: invalid answer: {Reason}")]
    private static partial void LogInvalidAnswer(ILogger logger, string authorizerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda authorizer {AuthorizerId}: function {Function} could not be resolved on this stage")]
    private static partial void LogUnresolved(ILogger logger, string authorizerId, string function);
}
