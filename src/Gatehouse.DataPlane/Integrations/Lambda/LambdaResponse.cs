using System.Buffers;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// A Lambda proxy function's answer, as read by <see cref="LambdaResponseParser"/> (its headers went straight to the
/// response). The body may sit in pooled buffers: dispose once it is written.
/// </summary>
public struct LambdaResponse : IDisposable
{
    public int StatusCode { get; set; }

    /// <summary>The body to send, decoded from base64 when the function said <c>isBase64Encoded</c>.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>2.0 only: the function returned no <c>statusCode</c>, so its answer is a JSON body (AWS's inference).</summary>
    public bool Inferred { get; set; }

    internal byte[]? TextBuffer;
    internal byte[]? BodyBuffer;

    public void Dispose()
    {
        if (TextBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(TextBuffer);
            TextBuffer = null;
        }

        if (BodyBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(BodyBuffer);
            BodyBuffer = null;
        }

        Body = default;
    }
}
