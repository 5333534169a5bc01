using System.Text;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.ControlPlane.Sns;

/// <summary>
/// What a subscriber may call without AWS credentials, as on SNS: the SubscribeURL
/// (<c>GET /?Action=ConfirmSubscription&amp;TopicArn=…&amp;Token=…</c>), the UnsubscribeURL
/// (<c>GET /?Action=Unsubscribe&amp;SubscriptionArn=…</c>) and the SigningCertURL (<c>GET /SimpleNotificationService-….pem</c>).
/// Exactly these, unsigned and by GET: a signed request, or any other action, goes through the control plane's
/// authentication as usual. The token (or the subscription ARN's random id) is the credential.
/// </summary>
public sealed partial class SnsPublicEndpoint(SnsQueryService sns, SnsSigningKey signingKey, ControlPlaneThrottle throttle, ILogger<SnsPublicEndpoint> logger)
{
    /// <summary>Whether a (control-plane) request is one of the unsigned SNS requests this endpoint answers.</summary>
    public static bool Handles(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGet(request.Method))
        {
            return false;
        }

        if (SnsSigningKey.IsCertificatePath(request.Path.Value))
        {
            return true;
        }

        return request.Path.Value is "/" && !request.Headers.ContainsKey("Authorization") && !request.Query.ContainsKey("X-Amz-Credential") &&
            request.Query["Action"].ToString() is "ConfirmSubscription" or "Unsubscribe";
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        if (SnsSigningKey.IsCertificatePath(context.Request.Path.Value))
        {
            await WriteCertificateAsync(context);
            return;
        }

        // Off the socket thread: the store's SQLite calls block while they commit.
        await Task.Yield();
        var parameters = QueryRequest.Parse(null, context.Request.QueryString.Value?.TrimStart('?'));
        var action = parameters.Action!;
        try
        {
            throttle.Acquire();
            var result = await sns.InvokeAsync(new QueryCall(action, parameters, null, context), context.RequestAborted);
            await WriteAsync(context, 200, QueryResponses.Success(action, sns.XmlNamespace, requestId, result));
        }
        catch (AwsException error) when (!context.Response.HasStarted)
        {
            if (error.RetryAfterSeconds is not null)
            {
                context.Response.Headers.RetryAfter = error.RetryAfterSeconds;
            }

            await WriteAsync(context, error.StatusCode, QueryResponses.Error(sns.XmlNamespace, error, requestId));
        }
        catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, error, action);
            await WriteAsync(context, 500, QueryResponses.Error(sns.XmlNamespace, new AwsException(500, "InternalError", "Internal error"), requestId));
        }
    }

    private Task WriteCertificateAsync(HttpContext context)
    {
        if (context.Request.Path.Value != "/" + signingKey.CertificateFileName)
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        var body = Encoding.ASCII.GetBytes(signingKey.CertificatePem);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-x509-ca-cert";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unsigned SNS request {Action} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string action);
}
