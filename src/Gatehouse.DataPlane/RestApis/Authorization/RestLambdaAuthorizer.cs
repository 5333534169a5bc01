using System.Diagnostics;
using System.Text.Json;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Authorization.Lambda;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Identity.Policies;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// A REST API's Lambda authorizer (facts §7.3): reads the identity sources (a missing one, or a token its validation
/// expression rejects, is 401 without calling the function), answers from the result cache when the same identity was
/// seen within the TTL, else invokes the function with the TOKEN event (<c>type</c>, <c>authorizationToken</c>,
/// <c>methodArn</c>) or the REQUEST event (the proxy event without body, with <c>type</c> and <c>methodArn</c>), and
/// evaluates its IAM policy against this request's method ARN, cached or not. A function error whose message is
/// <c>Unauthorized</c> is 401; any other failure, or an answer that is not a policy, is 500
/// <c>AUTHORIZER_CONFIGURATION_ERROR</c>; a policy that does not allow the method is 403 <c>ACCESS_DENIED</c>.
/// </summary>
public sealed partial class RestLambdaAuthorizer(RestLambdaAuthorizerConfig config, IFunctionInvoker? invoker, IStateStore cache, ILogger logger)
    : RestMethodAuthorizer
{
    public RestLambdaAuthorizerConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    private readonly SingleFlight<(Invocation Invocation, RestAuthorization Verdict)> _inFlight = new();

    public override async ValueTask<RestAuthorization> AuthorizeAsync(HttpContext httpContext, RequestContext context, RestRequestState state)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var sources = Config.IdentitySources;
        var values = new string[sources.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (sources[i].Evaluate(httpContext.Request, context, state) is not { } value)
            {
                return RestAuthorization.Denied(RestGatewayError.Unauthorized, $"The identity source {sources[i].Expression} is missing.");
            }

            values[i] = value;
        }

        if (Config.IsToken && Config.ValidationExpression is { } expression && !Matches(expression, values[0]))
        {
            return RestAuthorization.Denied(RestGatewayError.Unauthorized, "The token does not match the authorizer's identity validation expression.");
        }

        var methodArn = RestMethodArn.For(Config.Region, context, state);
        var cacheKey = Config.CachesResults ? CacheKey(context, state, values) : null;
        if (cacheKey is not null && await cache.GetCachedAsync(cacheKey, httpContext.RequestAborted) is { } cached)
        {
            return Decide(cached, methodArn, latency: 0);
        }

        if (invoker is null || Config.Function.For(state.Stage, state.Stage.StageVariables) is not { } function)
        {
            LogUnresolved(logger, Config.AuthorizerId, Config.Function.Template.FunctionArn);
            return RestAuthorization.Denied(RestGatewayError.AuthorizerConfigurationError, "The authorizer's function could not be resolved.");
        }

        var started = Stopwatch.GetTimestamp();
        if (cacheKey is null)
        {
            var invocation = await InvokeAsync(httpContext, context, state, invoker, function, methodArn, values, httpContext.RequestAborted);
            return Verdict(invocation, methodArn, ElapsedMilliseconds(started));
        }

        // Concurrent misses for one identity share one invocation (an expired entry under load would otherwise start the
        // function once per waiting request); the shared call is not tied to any one client's connection. Each request
        // evaluates the answer against its own method ARN, as it does a cached answer.
        var (run, shared) = await _inFlight.RunAsync(cacheKey, async () =>
        {
            var invocation = await InvokeAsync(httpContext, context, state, invoker, function, methodArn, values, CancellationToken.None);
            var verdict = Verdict(invocation, methodArn, ElapsedMilliseconds(started));
            if (invocation.Answer is { } valid && verdict.Denial != RestGatewayError.AuthorizerConfigurationError)
            {
                // A valid answer (allow or deny) is cached, and evaluated against each later request's own method ARN.
                await cache.SetCachedAsync(cacheKey, valid, Config.ResultTtl, CancellationToken.None);
            }

            return (invocation, verdict);
        }, httpContext.RequestAborted);
        return shared ? Verdict(run.Invocation, methodArn, latency: 0) : run.Verdict;
    }

    /// <summary>What an invocation decides for a request to <paramref name="methodArn"/>: its answer evaluated, or its failure.</summary>
    private RestAuthorization Verdict(Invocation invocation, string methodArn, long latency) =>
        invocation.Answer is { } answer ? Decide(answer, methodArn, latency) : invocation.Failure;

    private static long ElapsedMilliseconds(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private readonly record struct Invocation(byte[]? Answer, RestAuthorization Failure);

    private async Task<Invocation> InvokeAsync(HttpContext httpContext, RequestContext context, RestRequestState state,
        IFunctionInvoker functions, LambdaFunctionUri function, string methodArn, string[] values, CancellationToken aborted)
    {
        byte[] payload;
        using (var buffer = new PooledBufferWriter(4096))
        {
            if (Config.IsToken)
            {
                using var writer = new Utf8JsonWriter(buffer);
                writer.WriteStartObject();
                writer.WriteString("type"u8, "TOKEN"u8);
                writer.WriteString("authorizationToken"u8, values[0]);
                writer.WriteString("methodArn"u8, methodArn);
                writer.WriteEndObject();
            }
            else
            {
                PayloadV1EventWriter.Write(buffer, RequestEvent(httpContext, context, state, methodArn, values));
            }

            payload = buffer.WrittenMemory.ToArray();
        }

        InvocationResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted))
        {
            timeout.CancelAfter(Config.Timeout);
            try
            {
                result = await functions.InvokeAsync(new InvocationRequest
                {
                    FunctionName = function.FunctionArn,
                    Qualifier = function.Qualifier,
                    Payload = payload,
                    TraceId = context.TraceId,
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                LogFailed(logger, Config.AuthorizerId, function.FunctionArn, "timed out");
                return new Invocation(null, RestAuthorization.Denied(RestGatewayError.AuthorizerConfigurationError, "The authorizer timed out."));
            }
        }

        if (result.Status == InvocationStatus.Completed && result.FunctionError is null)
        {
            return new Invocation(result.Payload.ToArray(), default);
        }

        if (result.FunctionError is not null && LambdaRouteAuthorizer.IsUnauthorizedError(result.Payload.Span))
        {
            return new Invocation(null, RestAuthorization.Denied(RestGatewayError.Unauthorized, "Unauthorized"));
        }

        // The function's error type only: its message or payload may echo the token.
        var reason = result.FunctionError is not null ? "function error " + (FunctionErrorDocument.Type(result.Payload.Span) ?? "(no errorType)") : result.ErrorMessage ?? result.Status.ToString();
        LogFailed(logger, Config.AuthorizerId, function.FunctionArn, reason);
        return new Invocation(null, RestAuthorization.Denied(RestGatewayError.AuthorizerConfigurationError, "The authorizer failed: " + reason));
    }

    private static LambdaEventRequest RequestEvent(HttpContext httpContext, RequestContext context, RestRequestState state, string methodArn,
        string[] values)
    {
        var request = httpContext.Request;
        var query = request.QueryString.Value;
        var method = state.Method!;
        return new LambdaEventRequest
        {
            Context = context,
            Headers = request.Headers,
            RawQuery = string.IsNullOrEmpty(query) ? ReadOnlyMemory<char>.Empty : query.AsMemory(1),
            Path = context.Path,
            RawPath = state.Path,
            Body = ReadOnlyMemory<byte>.Empty,
            TraceId = context.TraceId,
            ForwardedProto = request.Scheme,
            ForwardedPort = httpContext.Connection.LocalPort,
            Authorizer = new AuthorizerEventFields(methodArn, values),
            Rest = new RestEventFields
            {
                ResourceId = method.ResourceId,
                ResourcePath = method.ResourcePath,
                DeploymentId = state.Stage.Deployment.DeploymentId,
                Path = state.Path,
                PathParameters = state.PathParameters,
                StageVariables = state.Stage.StageVariables,
            },
        };
    }

    private RestAuthorization Decide(byte[] answer, string methodArn, long latency)
    {
        var parsed = LambdaAuthorizerAnswer.Parse(answer, simpleResponses: false, methodArn, out var error, flatContext: true);
        if (parsed is null)
        {
            LogInvalidAnswer(logger, Config.AuthorizerId, error!);
            return RestAuthorization.Denied(RestGatewayError.AuthorizerConfigurationError, error!);
        }

        return parsed.Decision switch
        {
            PolicyDecision.Allow => RestAuthorization.Allowed(new AuthorizerOutput
            {
                Kind = AuthorizerKind.Lambda,
                PrincipalId = parsed.PrincipalId,
                LambdaContext = parsed.Context,
                IntegrationLatency = latency,
            }),
            PolicyDecision.ExplicitDeny => RestAuthorization.Denied(RestGatewayError.AuthorizerDeniedExplicitly, "The authorizer's policy denies the method."),
            _ => RestAuthorization.Denied(RestGatewayError.AuthorizerDenied, "The authorizer's policy does not allow the method."),
        };
    }

    private static bool Matches(System.Text.RegularExpressions.Regex expression, string token)
    {
        try
        {
            return expression.IsMatch(token);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The cache key of an identity on a stage (<see cref="AuthorizerCacheKeys"/>).</summary>
    private string CacheKey(RequestContext context, RestRequestState state, string[] values) =>
        AuthorizerCacheKeys.Rest(context.ApiId, state.Stage.Name, Config.AuthorizerId, state.Stage.Deployment.DeploymentId, values);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST Lambda authorizer {AuthorizerId}: function {Function} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string authorizerId, string function, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST Lambda authorizer {AuthorizerId}: invalid answer: {Reason}")]
    private static partial void LogInvalidAnswer(ILogger logger, string authorizerId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST Lambda authorizer {AuthorizerId}: function {Function} could not be resolved on this stage")]
    private static partial void LogUnresolved(ILogger logger, string authorizerId, string function);
}
