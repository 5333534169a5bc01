using System.Security.Cryptography;

namespace Gatehouse.Model;

/// <summary>Identifiers shaped like AWS's: lowercase alphanumerics for resources, base64-like for requests.</summary>
public static class Ids
{
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string RequestIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>An API id: 10 lowercase alphanumerics (REST, HTTP and WebSocket APIs alike).</summary>
    public static string NewApiId() => Secure(Alphanumerics, 10);

    /// <summary>A route, integration, deployment or authorizer id: 7 lowercase alphanumerics.</summary>
    public static string NewResourceId() => Secure(Alphanumerics, 7);

    /// <summary>An HTTP API request id (<c>apigw-requestid</c>): 15 base64-like characters and a trailing <c>=</c>.</summary>
    public static string NewRequestId() => string.Create(16, 0, static (span, _) =>
    {
        // Not a secret, and made per request: the shared pseudo-random generator is enough and much cheaper.
        Random.Shared.GetItems(RequestIdAlphabet, span[..15]);
        span[15] = '=';
    });

    public static bool IsApiId(string value) => value.Length == 10 && value.All(c => Alphanumerics.Contains(c, StringComparison.Ordinal));

    private static string Secure(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}
