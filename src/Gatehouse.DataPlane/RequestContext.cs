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
    public required string ApiId { get; init; }
    public required string AccountId { get; init; }
    public required string DomainName { get; init; }
    public required string HttpMethod { get; init; }
    public required long RequestTimeEpoch { get; init; }
    public required string SourceIp { get; init; }
    public string UserAgent { get; init; } = "";

    /// <summary>The request's <c>X-Amzn-Trace-Id</c> (<see cref="Tracing.TraceHeader"/>): the caller's, or one the gateway made.</summary>
    public required string TraceId { get; init; }

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
    public GatewayResponse? Error { get; set; }

    public string DomainPrefix
    {
        get
        {
            var dot = DomainName.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? DomainName : DomainName[..dot];
        }
    }

    public string RouteKey => Route?.RouteKey.Text ?? "-";

    public string StageName => Stage?.Name ?? "-";

    /// <summary>The value of a path parameter of the matched route, decoded; null when the route has none by that name.</summary>
    public string? PathParameter(string name) => Route?.PathParameter(name, PathSegments);

    /// <summary>A <c>$context</c> variable by name, or null when it is not known.</summary>
    public string? Variable(string name) => name switch
    {
        "accountId" => AccountId,
        "apiId" => ApiId,
        "domainName" => DomainName,
        "domainPrefix" => DomainPrefix,
        "extendedRequestId" or "requestId" => RequestId,
        "httpMethod" => HttpMethod,
        "authorizer.error" => AuthorizerError,
        "identity.accessKey" or "identity.accountId" or "identity.caller" or "identity.user" or "identity.userArn" =>
            AuthorizerContextJson.IamIdentity(Authorizer, name["identity.".Length..]),
        "identity.sourceIp" => SourceIp,
        "identity.userAgent" => UserAgent,
        "path" => Path,
        "protocol" => "HTTP/1.1",
        "requestTime" => DateTimeOffset.FromUnixTimeMilliseconds(RequestTimeEpoch).ToString("dd/MMM/yyyy:HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
        "requestTimeEpoch" => RequestTimeEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "routeKey" => RouteKey,
        "stage" => StageName,
        _ when name.StartsWith("authorizer.", StringComparison.Ordinal) => Authorizer?.Variable(name["authorizer.".Length..]),
        _ => null,
    };
}
