using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// A raw query string split into percent-decoded names and values (<c>+</c> is a space), as API Gateway puts them in
/// <c>queryStringParameters</c>. The decoded bytes live in one pooled buffer; dispose to return it.
/// </summary>
public ref struct QueryStringParameters
{
    private byte[]? _bytes;
    private (int NameStart, int NameLength, int ValueStart, int ValueLength)[]? _pairs;

    public int Count { get; private set; }

    public static QueryStringParameters Parse(ReadOnlySpan<char> rawQuery)
    {
        var parameters = default(QueryStringParameters);
        if (rawQuery.Length == 0)
        {
            return parameters;
        }

        // Each raw char decodes to at most 3 UTF-8 bytes; there are at most (length + 1) / 2 parameters.
        var bytes = ArrayPool<byte>.Shared.Rent(rawQuery.Length * 3);
        var pairs = ArrayPool<(int, int, int, int)>.Shared.Rent((rawQuery.Length / 2) + 1);
        var written = 0;
        var count = 0;
        foreach (var range in rawQuery.Split('&'))
        {
            var pair = rawQuery[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            if (name.IsEmpty)
            {
                continue;
            }

            var nameStart = written;
            written += Decode(name, bytes.AsSpan(written));
            var valueStart = written;
            written += Decode(value, bytes.AsSpan(written));
            pairs[count++] = (nameStart, valueStart - nameStart, valueStart, written - valueStart);
        }

        parameters._bytes = bytes;
        parameters._pairs = pairs;
        parameters.Count = count;
        return parameters;
    }

    public readonly ReadOnlySpan<byte> Name(int index) => _bytes.AsSpan(_pairs![index].NameStart, _pairs[index].NameLength);

    public readonly ReadOnlySpan<byte> Value(int index) => _bytes.AsSpan(_pairs![index].ValueStart, _pairs[index].ValueLength);

    /// <summary>True when no earlier parameter has the same name: the place where the name is written.</summary>
    public readonly bool IsFirstOfItsName(int index)
    {
        var name = Name(index);
        for (var i = 0; i < index; i++)
        {
            if (Name(i).SequenceEqual(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Payload format 2.0: <c>{"name": "value1,value2"}</c>, repeated names joined with commas.</summary>
    public readonly void WriteJoined(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        for (var i = 0; i < Count; i++)
        {
            if (!IsFirstOfItsName(i))
            {
                continue;
            }

            LambdaEventJson.WritePropertyName(writer, Name(i));
            var name = Name(i);
            var first = Value(i);
            var repeated = false;
            for (var j = i + 1; j < Count && !repeated; j++)
            {
                repeated = Name(j).SequenceEqual(name);
            }

            if (!repeated)
            {
                LambdaEventJson.WriteStringValue(writer, first);
                continue;
            }

            var joined = new ArrayBufferWriter<byte>();
            for (var j = i; j < Count; j++)
            {
                if (Name(j).SequenceEqual(name))
                {
                    if (joined.WrittenCount > 0)
                    {
                        joined.Write(","u8);
                    }

                    joined.Write(Value(j));
                }
            }

            LambdaEventJson.WriteStringValue(writer, joined.WrittenSpan);
        }

        writer.WriteEndObject();
    }

    /// <summary>Payload format 1.0's <c>queryStringParameters</c>: the last value of each name.</summary>
    public readonly void WriteLastValues(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        for (var i = 0; i < Count; i++)
        {
            if (!IsFirstOfItsName(i))
            {
                continue;
            }

            var last = i;
            for (var j = i + 1; j < Count; j++)
            {
                if (Name(j).SequenceEqual(Name(i)))
                {
                    last = j;
                }
            }

            LambdaEventJson.WritePropertyName(writer, Name(i));
            LambdaEventJson.WriteStringValue(writer, Value(last));
        }

        writer.WriteEndObject();
    }

    /// <summary>Payload format 1.0's <c>multiValueQueryStringParameters</c>: every value of each name, in order.</summary>
    public readonly void WriteAllValues(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        for (var i = 0; i < Count; i++)
        {
            if (!IsFirstOfItsName(i))
            {
                continue;
            }

            LambdaEventJson.WritePropertyName(writer, Name(i));
            writer.WriteStartArray();
            for (var j = i; j < Count; j++)
            {
                if (Name(j).SequenceEqual(Name(i)))
                {
                    LambdaEventJson.WriteStringValue(writer, Value(j));
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public void Dispose()
    {
        if (_bytes is not null)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            ArrayPool<(int, int, int, int)>.Shared.Return(_pairs!);
            _bytes = null;
            _pairs = null;
        }
    }

    /// <summary>Form-style decoding: <c>+</c> is a space, <c>%XX</c> a byte; a '%' without two hex digits stays.</summary>
    private static int Decode(ReadOnlySpan<char> raw, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '+')
            {
                destination[written++] = (byte)' ';
            }
            else if (c == '%' && i + 2 < raw.Length && char.IsAsciiHexDigit(raw[i + 1]) && char.IsAsciiHexDigit(raw[i + 2]))
            {
                destination[written++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else if (char.IsAscii(c))
            {
                destination[written++] = (byte)c;
            }
            else
            {
                // Not ASCII in a raw query: take the rest of the run as UTF-16 text.
                var end = i + 1;
                while (end < raw.Length && !char.IsAscii(raw[end]))
                {
                    end++;
                }

                written += Encoding.UTF8.GetBytes(raw[i..end], destination[written..]);
                i = end - 1;
            }
        }

        return written;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
