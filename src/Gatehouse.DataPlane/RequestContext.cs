using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Responses;

namespace Gatehouse.DataPlane;

/// <summary>
/// What the pipeline learns about one request. Its members are the <c>$context</c> variables that parameter
/// mappings (and later access logs and Lambda events) read. Stored as a typed feature on the HttpContext.
/// </summary>
public sealed class RequestContext
{
    public required string RequestId { get; init; }

    /// <summary>REST APIs' <c>$context.extendedRequestId</c> (their requestId is a UUID); null for HTTP APIs, whose two ids are one.</summary>
    public string? ExtendedRequestId { get; init; }

    /// <summary>REST APIs: the matched resource's id and path (<c>$context.resourceId</c>, <c>$context.resourcePath</c>) and the stage's deployment.</summary>
    public string? ResourceId { get; set; }

    public string? ResourcePath { get; set; }

    public string? DeploymentId { get; set; }

    /// <summary>A REST API's own answer, if it gave one: <c>$context.error.*</c> (HTTP APIs use <see cref="Error"/>).</summary>
    public RestApis.RestGatewayError? RestError { get; set; }

    /// <summary>Why a REST request failed validation: <c>$context.error.validationErrorString</c>.</summary>
    public string? ValidationErrors { get; set; }
    public required string ApiId { get; init; }
    public required string AccountId { get; init; }
    public required string DomainName { get; init; }
    public required string HttpMethod { get; init; }
    public required long RequestTimeEpoch { get; init; }
    public required string SourceIp { get; init; }
    public string UserAgent { get; init; } = "";

    /// <summary>The request's <c>X-Amzn-Trace-Id</c> (<see cref="Tracing.TraceHeader"/>): the caller's, or one the gateway made.</summary>
    public required string TraceId { get; init; }

    /// <summary>The gateway's span for this request, when tracing samples it (<see cref="Tracing.GatewayTracing"/>).</summary>
    public System.Diagnostics.Activity? Span { get; init; }

    /// <summary>The request path as the client sent it, including a named stage: <c>$context.path</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The path without the stage segment: <c>$request.path</c>.</summary>
    public string StagePath { get; set; } = "/";

    public CompiledStage? Stage { get; set; }
    public CompiledRoute? Route { get; set; }
    public string[] PathSegments { get; set; } = [];

    /// <summary>The URI the integration request goes to, once mapped.</summary>
    public Uri? IntegrationUri { get; set; }

    /// <summary>What the route's authorizer learned about the caller, once it let the request through.</summary>
    public AuthorizerOutput? Authorizer { get; set; }

    /// <summary>Why the authorizer refused or failed: <c>$context.authorizer.error</c>.</summary>
    public string? AuthorizerError { get; set; }

    public int Status { get; set; }

    /// <summary>The answer the gateway gave itself, if it did: <c>$context.error.*</c>.</summary>
    public GatewayResponse? Error { get; set; }

    /// <summary>When the request arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>): where <c>$context.responseLatency</c> starts.</summary>
    public long ReceivedTimestamp { get; init; }

    /// <summary>When the integration request was sent (Stopwatch ticks); 0 while no integration ran.</summary>
    public long IntegrationStarted { get; set; }

    /// <summary>How long the integration took to answer, in milliseconds; -1 while no integration answered.</summary>
    public int IntegrationLatency { get; set; } = -1;

    /// <summary>The backend's status, or the status the Lambda function returned: <c>$context.integration.status</c>; 0 when none.</summary>
    public int IntegrationStatus { get; set; }

    /// <summary>Lambda's own status for the invoke (200), or the backend's status: <c>$context.integrationStatus</c>; 0 when none.</summary>
    public int IntegrationServiceStatus { get; set; }

    /// <summary>The integration's error message (a function error, an unreachable backend): <c>$context.integrationErrorMessage</c>.</summary>
    public string? IntegrationError { get; set; }

    /// <summary>The integration's request id (Lambda's, or the backend's <c>x-amzn-RequestId</c>): <c>$context.integration.requestId</c>.</summary>
    public string? IntegrationRequestId { get; set; }

    /// <summary>Bytes of response body written, when the writer counted them; -1 when the response's Content-Length says.</summary>
    public long ResponseLength { get; set; } = -1;

    /// <summary>The response body's length: as counted, else as declared (<c>$context.responseLength</c>).</summary>
    public long ResponseBytes(Microsoft.AspNetCore.Http.HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return ResponseLength >= 0 ? ResponseLength : httpContext.Response.ContentLength ?? 0;
    }

    /// <summary>Bytes in and out, the request body as declared and the response body: <c>$context.dataProcessed</c>, <c>DataProcessed</c>.</summary>
    public long DataProcessed(Microsoft.AspNetCore.Http.HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return (httpContext.Request.ContentLength ?? 0) + ResponseBytes(httpContext);
    }

    /// <summary>Marks the integration's answer: its latency since <see cref="IntegrationStarted"/>.</summary>
    public void IntegrationAnswered(int status, int serviceStatus)
    {
        IntegrationStatus = status;
        IntegrationServiceStatus = serviceStatus;
        if (IntegrationStarted != 0)
        {
            IntegrationLatency = (int)System.Diagnostics.Stopwatch.GetElapsedTime(IntegrationStarted).TotalMilliseconds;
        }
    }

    public string DomainPrefix
    {
        get
        {
            var dot = DomainName.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? DomainName : DomainName[..dot];
        }
    }

    public string RouteKey => Route?.RouteKey.Text ?? "-";

    public string StageName => Stage?.Name ?? RestStageName ?? "-";

    /// <summary>A REST API's stage (REST stages are not <see cref="CompiledStage"/>s).</summary>
    public string? RestStageName { get; set; }

    /// <summary>The value of a path parameter of the matched route, decoded; null when the route has none by that name.</summary>
    public string? PathParameter(string name) => Route?.PathParameter(name, PathSegments);

    /// <summary>A <c>$context</c> variable by name, or null when it is not known.</summary>
    public string? Variable(string name) => name switch
    {
        "accountId" => AccountId,
        "apiId" => ApiId,
        "domainName" => DomainName,
        "domainPrefix" => DomainPrefix,
        "extendedRequestId" => ExtendedRequestId ?? RequestId,
        "requestId" => RequestId,
        "resourceId" => ResourceId,
        "resourcePath" => ResourcePath,
        "deploymentId" => DeploymentId,
        "httpMethod" => HttpMethod,
        "authorizer.error" => AuthorizerError,
        "identity.accessKey" or "identity.accountId" or "identity.caller" or "identity.user" or "identity.userArn" =>
            AuthorizerContextJson.IamIdentity(Authorizer, name["identity.".Length..]),
        "identity.sourceIp" => SourceIp,
        "identity.userAgent" => UserAgent,
        "path" => Path,
        "protocol" => "HTTP/1.1",
        "requestTime" => RequestTime.Text(RequestTimeEpoch),
        "requestTimeEpoch" => RequestTimeEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "routeKey" => RouteKey,
        "stage" => StageName,
        _ when name.StartsWith("authorizer.", StringComparison.Ordinal) => Authorizer?.Variable(name["authorizer.".Length..]),
        _ => null,
    };
}
