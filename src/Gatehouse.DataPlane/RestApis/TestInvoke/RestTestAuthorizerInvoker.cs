using System.Diagnostics;
using System.Text.Json;
using Gatehouse.DataPlane.RestApis.Authorization;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.TestInvoke;
using Gatehouse.Store.State;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// TestInvokeAuthorizer (configure-api-gateway-lambda-authorization-with-console): the authorizer of the API's working
/// copy, built as a deployment builds it (<see cref="RestAuthorizers"/>), run on the caller's headers, query string and
/// stage variables with its result cache bypassed. A Lambda authorizer gets AWS's test event (method ARN
/// <c>{apiId}/ESTestInvoke-stage/GET/{path}</c>, stage <c>test-invoke-stage</c>, resource
/// <c>test-invoke-resource-id</c>: community-recorded test-invoke logs); its answer's <c>principalId</c>,
/// <c>policyDocument</c> (as a JSON string) and <c>context</c> (as <c>authorization</c>) are returned whatever the
/// verdict. A Cognito authorizer checks the token and returns its <c>claims</c>. <c>clientStatus</c> is 0 when the
/// caller would be let through, else the status it would get.
/// </summary>
public sealed partial class RestTestAuthorizerInvoker(
    RestAuthorizers authorizers, DataPlaneOptions options, IStateStore cache, ILogger<RestTestAuthorizerInvoker> logger, IFunctionInvoker? invoker = null,
    TimeProvider? time = null)
{
    /// <summary>The stage of the method ARN a test authorizer invocation sends (AWS's, as test-invoke logs show it).</summary>
    public const string MethodArnStage = "ESTestInvoke-stage";

    public const string ResourceId = "test-invoke-resource-id";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<TestInvokeAuthorizerResult> InvokeAsync(RestApiDocument document, TestInvokeAuthorizerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(request);
        var received = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var log = new RestExecutionLog(requestId, _time);
        log.Add($"Starting authorizer: {request.AuthorizerId} for request: {requestId}");
        var authorizer = document.Authorizers.First(a => a.Id == request.AuthorizerId);
        var isCognito = authorizer.Type == "COGNITO_USER_POOLS";
        var snapshot = document.Snapshot(TestInvokeSimulation.DeploymentId);
        RestMethodAuthorizer step;
        CompiledRestDeployment deployment;
        RecordingFunctionInvoker? recorder = null;
        try
        {
            var root = snapshot.Resources.First(r => r.ParentId is null) with { ResourceMethods = null };
            deployment = RestApiCompiler.Compile(document.ApiId, snapshot with { Resources = [root] });
            var built = authorizers.For(snapshot).ForMethod(new RestMethod
            {
                HttpMethod = "GET",
                AuthorizationType = isCognito ? "COGNITO_USER_POOLS" : "CUSTOM",
                AuthorizerId = authorizer.Id,
            });
            switch (built)
            {
                case RestLambdaAuthorizer lambda when invoker is not null:
                    recorder = new RecordingFunctionInvoker(invoker);
                    step = new RestLambdaAuthorizer(lambda.Config with { ResultTtl = TimeSpan.Zero }, recorder, cache, logger);
                    break;
                case RestCognitoAuthorizer cognito:
                    step = cognito;
                    break;
                default:
                    throw new InvalidOperationException("no function invoker is configured");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            LogBuildFailed(logger, e, document.ApiId, authorizer.Id);
            log.Add("Execution failed due to configuration error: " + e.Message);
            log.Add("AuthorizerConfigurationException");
            return new TestInvokeAuthorizerResult { ClientStatus = 500, Log = log.ToString(), Latency = Elapsed(received) };
        }

        var method = new CompiledRestMethod
        {
            ResourceId = ResourceId,
            ResourcePath = "/",
            HttpMethod = "GET",
            Index = 0,
            AuthorizationType = isCognito ? "COGNITO_USER_POOLS" : "CUSTOM",
        };
        var stage = new CompiledRestStage(MethodArnStage, deployment, request.Request.StageVariables, [], null, null);
        using var simulation = TestInvokeSimulation.Create(document.ApiId, options.AccountId, "GET", request.Request, stage, method, [], log, requestId, received,
            _time, cancellationToken);
        var sources = step is RestLambdaAuthorizer configured ? configured.Config.IdentitySources : [];
        if (sources.Count > 0)
        {
            log.Add("Incoming identity: " + RestExecutionLog.Map(sources.Select(s =>
                new KeyValuePair<string, string>(s.Expression, RestExecutionLog.Mask(s.Evaluate(simulation.HttpContext.Request, simulation.Context, simulation.State) ?? "")))));
        }

        var verdict = await step.AuthorizeAsync(simulation.HttpContext, simulation.Context, simulation.State);
        var answer = recorder is { Request: { } sent, Result: { } result } ? Answer(log, sent, result) : default;
        // The status the client would get: the API's gateway response for the refusal (its own status when customised).
        var status = verdict.IsAllowed ? 0 : deployment.GatewayResponses.StatusOf(verdict.Denial!);
        if (verdict.IsAllowed)
        {
            if (verdict.Output?.PrincipalId is { } principal)
            {
                log.Add("Using valid authorizer policy for principal: " + RestExecutionLog.Mask(principal));
            }

            log.Add("Successfully completed authorizer execution");
        }
        else if (verdict.Denial == RestGatewayError.Unauthorized)
        {
            log.Add("Unauthorized request: " + requestId);
            log.Add("Unauthorized");
        }
        else if (verdict.Denial!.StatusCode == 403)
        {
            log.Add("The client is not authorized to perform this operation.");
        }
        else
        {
            log.Add("Execution failed due to configuration error: " + verdict.Error);
            log.Add("AuthorizerConfigurationException");
        }

        return new TestInvokeAuthorizerResult
        {
            ClientStatus = status,
            Log = log.ToString(),
            Latency = Elapsed(received),
            PrincipalId = answer.PrincipalId,
            Policy = answer.Policy,
            Authorization = answer.Context,
            Claims = isCognito && verdict.IsAllowed ? verdict.Output?.Claims : null,
        };
    }

    private readonly record struct AuthorizerAnswer(string? PrincipalId, string? Policy, IReadOnlyDictionary<string, IReadOnlyList<string>>? Context);

    /// <summary>Logs the call and the function's answer, and reads the answer's principal, policy and context if it is an object.</summary>
    private static AuthorizerAnswer Answer(RestExecutionLog log, InvocationRequest sent, InvocationResult result)
    {
        log.EndpointRequest(RestExecutionLog.LambdaUri(sent.FunctionName), null, sent.Payload.Span);
        if (result.Status != InvocationStatus.Completed)
        {
            return default;
        }

        log.EndpointResponse(null, null, result.Payload.Span, []);
        if (result.FunctionError is not null)
        {
            return default;
        }

        try
        {
            using var json = JsonDocument.Parse(result.Payload);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var principal = root.TryGetProperty("principalId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var policy = root.TryGetProperty("policyDocument", out var document) && document.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Serialize(document)
                : null;
            Dictionary<string, IReadOnlyList<string>>? context = null;
            if (root.TryGetProperty("context", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var property in values.EnumerateObject())
                {
                    context[property.Name] = [property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText()];
                }
            }

            return new AuthorizerAnswer(principal, policy, context);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "TestInvokeAuthorizer on REST API {ApiId}: authorizer {AuthorizerId} could not be built; answering clientStatus 500")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, string apiId, string authorizerId);
}
