using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Lambda;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.Hosting;

/// <summary>
/// Wraps every control-plane request: a request id, authentication, and AWS-shaped errors for whatever goes wrong
/// (an unexpected failure is logged and answered 500, never a crash).
/// </summary>
internal static partial class ControlPlaneMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, RequestAuthenticator authenticator, ControlPlaneThrottle throttle, ILogger logger)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();

        // Off the socket thread (RuntimeTuning): the store's SQLite calls block while they commit.
        await Task.Yield();
        try
        {
            await authenticator.AuthenticateAsync(context, SigningName(context.Request));
            throttle.Acquire();
            await next(context);
        }
        catch (AwsException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, new AwsException(error.StatusCode, "BadRequestException", error.Message));
        }
        catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, error, context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, new AwsException(500, "InternalServerErrorException", "Internal server error"));
        }
    }

    /// <summary>In the protocol the client reads: XML for the query services on <c>/</c>, awsJson for targets, rest-json for the rest.</summary>
    private static Task WriteErrorAsync(HttpContext context, AwsException error) =>
        AwsJsonEndpoint.IsJsonRequest(context.Request)
            ? context.RequestServices.GetRequiredService<AwsJsonEndpoint>().WriteErrorAsync(context, error)
            : QueryEndpoint.IsQueryRequest(context.Request)
            ? context.RequestServices.GetRequiredService<QueryEndpoint>().WriteErrorAsync(context, error)
            : RestJson.WriteErrorAsync(context, error);

    /// <summary>
    /// The SigV4 signing name of the AWS service whose operations live under this path; null for the query services
    /// on <c>/</c> (their credential scope names them); for paths of no service, whatever the scope says.
    /// </summary>
    private static string? SigningName(HttpRequest request) =>
        request.Path.StartsWithSegments("/v2") ? "apigateway"
        : LambdaEndpoints.IsLambdaPath(request.Path) ? "lambda"
        : QueryEndpoint.IsQueryRequest(request) || AwsJsonEndpoint.IsJsonRequest(request) ? null
        : RequestAuthenticator.ScopeService(request) ?? "apigateway";

    [LoggerMessage(Level = LogLevel.Error, Message = "Control-plane request {Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
