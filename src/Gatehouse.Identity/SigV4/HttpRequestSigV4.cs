using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// An ASP.NET request as the verifier reads it: the raw target (<c>IHttpRequestFeature.RawTarget</c>, percent-encoding
/// intact, not the decoded <c>HttpRequest.Path</c>), the headers, and the body or its hash.
/// </summary>
public static class HttpRequestSigV4
{
    public static SigV4Request From(HttpRequest request, ReadOnlyMemory<byte> body = default, string? bodySha256 = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            rawTarget = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }

        return SigV4Request.FromRawTarget(request.Method, rawTarget, new Headers(request.Headers)) with
        {
            Body = body,
            BodySha256 = bodySha256,
        };
    }

    /// <summary>
    /// The body's SHA-256 in lower-case hex, read through once and rewound (the request is buffered so that what comes
    /// after still reads it whole).
    /// </summary>
    public static async ValueTask<string> HashBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return EmptySha256;
        }

        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of nothing, the payload hash of every request without a body.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private sealed class Headers(IHeaderDictionary headers) : ISigV4Headers
    {
        public string? Get(string name) => headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
    }
}
