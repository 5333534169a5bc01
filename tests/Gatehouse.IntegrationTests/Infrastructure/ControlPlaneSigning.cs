using Gatehouse.Identity.SigV4;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// HttpClients that talk to the control plane as an SDK would: every request SigV4-signed with the development key
/// <c>test</c>/<c>test</c> for the service that owns its path (<c>apigateway</c> for <c>/v2</c>, <c>lambda</c> for
/// <c>/2015-03-31</c>...). A request that already has an <c>Authorization</c> header (a test of authentication
/// itself) or goes to the data plane is sent as it is.
/// </summary>
public static class ControlPlaneSigning
{
    public const string AccessKeyId = "test";
    public const string SecretAccessKey = "test";

    private static readonly SigV4Signer ApiGateway = new(AccessKeyId, SecretAccessKey, "us-east-1", "apigateway");
    private static readonly SigV4Signer Lambda = new(AccessKeyId, SecretAccessKey, "us-east-1", "lambda");

    public static HttpClient CreateClient(TimeSpan? timeout = null) => new(CreateHandler())
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
    };

    public static HttpMessageHandler CreateHandler() => new SigV4SigningHandler(SignerFor)
    {
        InnerHandler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false },
    };

    private static SigV4Signer? SignerFor(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        if (request.Headers.Authorization is not null || request.Headers.Contains("Authorization") ||
            uri.AbsolutePath.StartsWith("/_aws/", StringComparison.Ordinal) || uri.Host.Contains(".execute-api.", StringComparison.Ordinal) ||
            uri.Query.Contains("X-Amz-Signature=", StringComparison.Ordinal))
        {
            return null;
        }

        return uri.AbsolutePath.StartsWith("/20", StringComparison.Ordinal) ? Lambda : ApiGateway;
    }
}
