using System.Buffers;
using System.IO.Compression;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// How a chunk's bytes (<see cref="LogChunk"/>'s encoding) are kept in its row: compressed with Brotli
/// (<see cref="Brotli"/>: the encoding's length as a varint, then the compressed stream), or as they are
/// (<see cref="Raw"/>: what stores written before compression hold, and chunks that do not shrink).
/// </summary>
/// <remarks>
/// A busy access log writes megabytes a second, and each byte the store keeps costs SQLite a copy into the WAL, the
/// checkpoint a read and a second write, and the kernel its page-cache work, all on the cores that serve requests.
/// Access-log lines repeat themselves (the same keys, routes, addresses): Brotli's fastest quality shrinks a chunk of
/// them about tenfold at well over a gigabyte a second, which costs less than the copies it saves, and the log store
/// takes a tenth of the disk.
/// </remarks>
internal static class ChunkCodec
{
    public const int Raw = 0;
    public const int Brotli = 1;

    /// <summary>Brotli's fastest quality: these are write-heavy, read-rarely bytes.</summary>
    private const int Quality = 0;

    /// <summary>A 4 MB window: larger than a chunk, so every repetition in one is in reach.</summary>
    private const int Window = 22;

    /// <summary>The largest encoding a compressed chunk may claim (a chunk closes near 1 MB; a damaged length must not allocate gigabytes).</summary>
    private const int MaxEncodedLength = 64 * 1024 * 1024;

    /// <summary>
    /// What to store for <paramref name="encoded"/>: its Brotli form, written into <paramref name="buffer"/> (valid
    /// until the buffer's next use), or the encoding itself when compressing does not make it smaller.
    /// </summary>
    public static (int Codec, ReadOnlyMemory<byte> Data) Compress(ReadOnlyMemory<byte> encoded, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        LogChunk.WriteVarint(buffer, (ulong)encoded.Length);
        var prefix = buffer.WrittenCount;
        var room = buffer.GetSpan(BrotliEncoder.GetMaxCompressedLength(encoded.Length));
        if (BrotliEncoder.TryCompress(encoded.Span, room, out var written, Quality, Window) && prefix + written < encoded.Length)
        {
            buffer.Advance(written);
            return (Brotli, buffer.WrittenMemory);
        }

        return (Raw, encoded);
    }

    /// <summary>The encoding a row holds, or null when its data cannot be read back (an unknown codec, a damaged stream).</summary>
    public static byte[]? Decompress(byte[] stored, long codec)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (codec == Raw)
        {
            return stored;
        }

        var offset = 0;
        if (codec != Brotli || !LogChunk.TryReadVarint(stored, ref offset, out var length) || length > MaxEncodedLength)
        {
            return null;
        }

        var encoded = new byte[(int)length];
        return BrotliDecoder.TryDecompress(stored.AsSpan(offset), encoded, out var written) && written == encoded.Length ? encoded : null;
    }
}
