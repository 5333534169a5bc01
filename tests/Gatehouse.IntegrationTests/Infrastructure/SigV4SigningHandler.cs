using Gatehouse.Identity.SigV4;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// Signs every request an <c>HttpClient</c> sends with SigV4 (header form), as an AWS SDK would:
/// <c>new HttpClient(new SigV4SigningHandler(signer) { InnerHandler = new SocketsHttpHandler() })</c>. The request's
/// headers and its content headers are signed (values joined with ", " as SocketsHttpHandler sends them; not
/// Content-Length, which the transport may set later), and so is
/// the body's hash. A request for which the signer function gives none goes unsigned.
/// </summary>
public sealed class SigV4SigningHandler(Func<HttpRequestMessage, SigV4Signer?> signerFor) : DelegatingHandler
{
    public SigV4SigningHandler(SigV4Signer signer)
        : this(_ => signer)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (signerFor(request) is not { } signer)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)));
        var signature = signer.Sign(SigV4SigningRequest.FromUri(request.Method.Method, uri, headers) with { Body = body });
        foreach (var (name, value) in signature.HeadersToAdd)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
