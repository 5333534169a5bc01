using System.Buffers;
using System.Text;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// A growable byte buffer that starts on the caller's stack and moves to a pooled array only when it outgrows it, so
/// that building a canonical request allocates nothing in the common case. Dispose returns the pooled array.
/// </summary>
internal ref struct ByteBuilder
{
    private Span<byte> _buffer;
    private byte[]? _rented;

    public ByteBuilder(Span<byte> initial)
    {
        _buffer = initial;
        _rented = null;
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    public void Append(byte value)
    {
        if (Length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[Length++] = value;
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (Length + bytes.Length > _buffer.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer[Length..]);
        Length += bytes.Length;
    }

    /// <summary>Appends text as UTF-8.</summary>
    public void AppendUtf8(scoped ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (Length + max > _buffer.Length)
        {
            Grow(max);
        }

        Length += Encoding.UTF8.GetBytes(text, _buffer[Length..]);
    }

    /// <summary>Appends <c>%XX</c> with upper-case hex digits.</summary>
    public void AppendPercentEncoded(byte value)
    {
        if (Length + 3 > _buffer.Length)
        {
            Grow(3);
        }

        _buffer[Length] = (byte)'%';
        _buffer[Length + 1] = (byte)"0123456789ABCDEF"[value >> 4];
        _buffer[Length + 2] = (byte)"0123456789ABCDEF"[value & 0xF];
        Length += 3;
    }

    /// <summary>Appends the bytes as lower-case hex.</summary>
    public void AppendHex(scoped ReadOnlySpan<byte> bytes)
    {
        var needed = bytes.Length * 2;
        if (Length + needed > _buffer.Length)
        {
            Grow(needed);
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            _buffer[Length++] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            _buffer[Length++] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }
    }

    /// <summary>Forgets everything after <paramref name="length"/>.</summary>
    public void Truncate(int length) => Length = length;

    public readonly override string ToString() => Encoding.UTF8.GetString(Written);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int additional)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + additional));
        _buffer[..Length].CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = next;
        _buffer = next;
    }
}
