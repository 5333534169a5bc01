using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// <c>POST /</c> (and <c>GET /?Action=…</c>) for every query-protocol service: picks the service by the signing name in
/// the credential scope, reads the form, identifies the caller, runs the action and writes the XML answer or error.
/// </summary>
public sealed class QueryEndpoint
{
    /// <summary>Query requests are small; IAM's largest parameter (a policy document) is 128 KiB before encoding.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly Dictionary<string, IQueryService> _services;
    private readonly IdentifyCaller _identifyCaller;
    private readonly ServiceAuthorizer _authorizer;

    public QueryEndpoint(IEnumerable<IQueryService> services, IdentifyCaller identifyCaller, ServiceAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(identifyCaller);
        _services = services.ToDictionary(s => s.SigningName, StringComparer.Ordinal);
        _identifyCaller = identifyCaller;
        _authorizer = authorizer;
    }

    /// <summary>Whether a request is for a query-protocol service: it is addressed to the root path.</summary>
    public static bool IsQueryRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.Value is "/" or "" && (HttpMethods.IsPost(request.Method) || HttpMethods.IsGet(request.Method)) &&
            !AwsJsonEndpoint.IsJsonRequest(request);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var service = ServiceOf(context.Request);
        try
        {
            if (service is null)
            {
                throw UnknownService(context.Request);
            }

            var parameters = QueryRequest.Parse(await ReadFormAsync(context.Request), context.Request.QueryString.Value?.TrimStart('?'));
            var action = parameters.Action;
            if (string.IsNullOrEmpty(action))
            {
                throw new AwsException(400, "MissingAction", "Missing Action");
            }

            var caller = _identifyCaller(context.Request);
            var call = new QueryCall(action, parameters, caller, context);
            _authorizer.Authorize(caller, context, service.AccessOf(call), service.AccessDenied);
            var result = await service.InvokeAsync(call, context.RequestAborted);
            await WriteAsync(context, 200, QueryResponses.Success(action, service.XmlNamespace, RequestId(context), result));
        }
        catch (AwsException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error);
        }
    }

    /// <summary>Writes an error as the query protocol does, in the namespace of the service the request was signed for.</summary>
    public Task WriteErrorAsync(HttpContext context, AwsException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.RetryAfterSeconds is not null)
        {
            context.Response.Headers.RetryAfter = error.RetryAfterSeconds;
        }

        return WriteAsync(context, error.StatusCode, QueryResponses.Error(ServiceOf(context.Request)?.XmlNamespace, error, RequestId(context)));
    }

    private IQueryService? ServiceOf(HttpRequest request) =>
        SigV4Authorization.TryParse(request.Headers.Authorization.ToString(), out var authorization)
            ? _services.GetValueOrDefault(authorization!.Service)
            : null;

    private static AwsException UnknownService(HttpRequest request)
    {
        var message = SigV4Authorization.TryParse(request.Headers.Authorization.ToString(), out var authorization)
            ? $"Gatehouse does not serve the AWS service '{authorization!.Service}' on this endpoint."
            : "Gatehouse tells the AWS services on this endpoint apart by the SigV4 credential scope: sign the request (service iam or sts).";
        return new AwsException(400, "InvalidAction", message);
    }

    private static async Task<string> ReadFormAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return "";
        }

        using var buffer = await RequestContentEncoding.ReadBodyAsync(request, MaxBodyBytes);

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new AwsException(400, "MalformedQueryString", "The request body is not valid UTF-8.");
        }
    }

    private static string RequestId(HttpContext context)
    {
        var id = context.Response.Headers["x-amzn-RequestId"].ToString();
        if (id.Length == 0)
        {
            id = Guid.NewGuid().ToString();
            context.Response.Headers["x-amzn-RequestId"] = id;
        }

        return id;
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
