using System.Buffers;
using Gatehouse.Observability.Logs;

namespace Gatehouse.UnitTests.Observability.Logs;

public sealed class ChunkCodecTests
{
    [Fact]
    public void Compress_AccessLogLines_ShrinksAndDecompressesToTheSameBytes()
    {
        var lines = Enumerable.Range(0, 500).Select(i =>
            new ChunkInput(1_700_000_000_000 + i, $$"""{"requestId":"r{{i:D6}}","status":"200","routeKey":"GET /hello","latency":"{{i % 37}}"}"""));
        var chunk = Assert.Single(LogChunk.Encode([.. lines]));

        var (codec, data) = ChunkCodec.Compress(chunk.Data, new ArrayBufferWriter<byte>());

        Assert.Equal(ChunkCodec.Brotli, codec);
        Assert.True(data.Length * 4 < chunk.Data.Length, $"{data.Length} bytes compressed from {chunk.Data.Length}");
        Assert.Equal(chunk.Data.ToArray(), ChunkCodec.Decompress(data.ToArray(), codec));
    }

    [Fact]
    public void Compress_WhatDoesNotShrink_IsKeptRaw()
    {
        var chunk = Assert.Single(LogChunk.Encode([new ChunkInput(5, "a")]));

        var (codec, data) = ChunkCodec.Compress(chunk.Data, new ArrayBufferWriter<byte>());

        var raw = data.ToArray();
        Assert.Equal(ChunkCodec.Raw, codec);
        Assert.Equal(chunk.Data.ToArray(), raw);
        Assert.Same(raw, ChunkCodec.Decompress(raw, ChunkCodec.Raw));
    }

    [Theory]
    [InlineData(ChunkCodec.Brotli, new byte[] { 0x05, 0x01, 0x02, 0x03 })]          // a stream Brotli refuses
    [InlineData(ChunkCodec.Brotli, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00 })] // a length past any chunk
    [InlineData(ChunkCodec.Brotli, new byte[] { 0x80 })]                              // a length cut short
    [InlineData(7, new byte[] { 0x01, 0x02 })]                                        // a codec this store does not know
    public void Decompress_DamagedOrUnknown_IsNull(int codec, byte[] stored) => Assert.Null(ChunkCodec.Decompress(stored, codec));

    [Fact]
    public void Decompress_LengthThatDoesNotMatchTheStream_IsNull()
    {
        var chunk = Assert.Single(LogChunk.Encode([.. Enumerable.Range(0, 100).Select(i => new ChunkInput(i, "the same line again"))]));
        var (_, data) = ChunkCodec.Compress(chunk.Data, new ArrayBufferWriter<byte>());
        var stored = data.ToArray();
        stored[0]++; // the varint length (2,300: its low bits are 0x7C) now claims one byte more than the stream holds

        Assert.Null(ChunkCodec.Decompress(stored, ChunkCodec.Brotli));
        Assert.Equal(chunk.Data.ToArray(), ChunkCodec.Decompress(data.ToArray(), ChunkCodec.Brotli));
    }
}
