using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// Fetches an issuer's keys as AWS does: the OIDC discovery document at <c>{issuer}/.well-known/openid-configuration</c>,
/// its <c>jwks_uri</c>, then the JWKS. Each request has its own timeout, and a response is read no further than the size
/// limit (a huge or endless body fails the fetch instead of filling memory).
/// </summary>
internal sealed class OidcKeyFetcher(HttpClient http, JwtValidatorOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The keys, or null when any step failed (the reason is logged; the caller keeps its last good keys).</summary>
    public async Task<IssuerKeys?> FetchAsync(string issuer, CancellationToken cancellation)
    {
        var discoveryUri = DiscoveryUri(issuer);
        if (discoveryUri is null)
        {
            logger.LogWarning("JWT authorizer: the issuer {Issuer} is not an absolute http(s) URL; no keys can be fetched", issuer);
            return null;
        }

        var discovery = await GetAsync(discoveryUri, cancellation).ConfigureAwait(false);
        if (discovery.Error is { } discoveryError)
        {
            logger.LogWarning("JWT authorizer: OIDC discovery {Uri} failed: {Error}", discoveryUri, discoveryError);
            return null;
        }

        var jwksUri = JwksUri(discovery.Body!);
        if (jwksUri is null)
        {
            logger.LogWarning("JWT authorizer: {Uri} has no absolute http(s) jwks_uri", discoveryUri);
            return null;
        }

        var jwks = await GetAsync(jwksUri, cancellation).ConfigureAwait(false);
        if (jwks.Error is { } jwksError)
        {
            logger.LogWarning("JWT authorizer: JWKS {Uri} failed: {Error}", jwksUri, jwksError);
            return null;
        }

        var keys = JwksParser.Parse(jwks.Body!, out var parseError);
        if (keys is null)
        {
            logger.LogWarning("JWT authorizer: JWKS {Uri} failed: {Error}", jwksUri, parseError);
            return null;
        }

        logger.LogInformation("JWT authorizer: fetched {Count} signing keys for {Issuer}", keys.Count, issuer);
        return new IssuerKeys(keys, time.GetUtcNow());
    }

    internal static Uri? DiscoveryUri(string issuer)
    {
        // OpenID Connect Discovery §4: a terminating "/" of the issuer is removed before the well-known path is appended.
        return Uri.TryCreate(issuer.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute, out var uri) && IsHttp(uri)
            ? uri
            : null;
    }

    private static Uri? JwksUri(string discoveryDocument)
    {
        try
        {
            using var document = JsonDocument.Parse(discoveryDocument);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("jwks_uri", out var value)
                && value.ValueKind == JsonValueKind.String
                && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri)
                && IsHttp(uri)
                ? uri
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;

    private async Task<(string? Body, string? Error)> GetAsync(Uri uri, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
            {
                return (null, $"the response is larger than {options.MaxResponseBytes} bytes");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(stream, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            return body is null
                ? (null, $"the response is larger than {options.MaxResponseBytes} bytes")
                : (body, null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, $"no answer within {options.FetchTimeout.TotalMilliseconds} ms");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
        catch (IOException ex)
        {
            return (null, ex.Message);
        }
        catch (DecoderFallbackException)
        {
            return (null, "the response is not UTF-8");
        }
    }

    /// <summary>The body as UTF-8 text, or null as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> ReadLimitedAsync(Stream stream, int limit, CancellationToken cancellation)
    {
        var buffer = new byte[Math.Min(limit + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return length > limit ? null : new UTF8Encoding(false, true).GetString(buffer, 0, length);
            }

            length += read;
        }
    }
}
