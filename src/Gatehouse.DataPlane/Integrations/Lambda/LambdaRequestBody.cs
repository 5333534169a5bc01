using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// The request body, read whole into a pooled buffer (a Lambda event carries it whole), and how it travels: as UTF-8
/// text or base64. Dispose to return the buffer.
/// </summary>
public struct LambdaRequestBody : IDisposable
{
    private byte[]? _buffer;

    public ReadOnlyMemory<byte> Content { get; private set; }

    /// <summary>
    /// Reads the body. Kestrel enforces the 10 MB limit the pipeline set: beyond it the read throws
    /// <see cref="BadHttpRequestException"/> with status 413.
    /// </summary>
    public static async ValueTask<LambdaRequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var expected = request.ContentLength;
        if (expected == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return default;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(expected is > 0 and <= int.MaxValue ? (int)expected.Value : 16 * 1024);
        var length = 0;
        try
        {
            while (length != expected)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return default;
        }

        return new LambdaRequestBody { _buffer = buffer, Content = buffer.AsMemory(0, length) };
    }

    /// <summary>
    /// HTTP APIs send a body as text only when its media type is <c>text/*</c>, <c>application/json</c>,
    /// <c>application/xml</c> or <c>application/javascript</c>; anything else, a missing Content-Type and
    /// <c>application/x-www-form-urlencoded</c> included, goes base64-encoded with <c>isBase64Encoded: true</c>
    /// (verified against AWS: ministackorg/ministack#766; HTTP APIs have no binaryMediaTypes).
    /// </summary>
    public static bool IsText(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        Content = default;
    }
}
