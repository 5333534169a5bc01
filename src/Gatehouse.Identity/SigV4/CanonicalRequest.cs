using System.Buffers;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// The parts of SigV4's canonical request that need more than copying, shared by the verifier and the signer so that
/// both sides agree byte for byte:
/// <code>
/// METHOD \n CanonicalURI \n CanonicalQuery \n name:value\n ... \n SignedHeaders \n PayloadHash
/// </code>
/// </summary>
internal static class CanonicalRequest
{
    /// <summary>
    /// The canonical URI of every AWS service but S3: the raw wire path with dot segments and empty segments removed
    /// (RFC 3986 5.2.4, plus <c>//</c> collapsed, as the test suite's <c>normalize-path</c> cases and botocore do), then
    /// percent-encoded once more. So <c>@connections</c> is signed as <c>%40connections</c> and <c>a%20b</c> as
    /// <c>a%2520b</c>; an empty path is <c>/</c>.
    /// </summary>
    public static void AppendUri(ref ByteBuilder builder, ReadOnlySpan<char> rawPath)
    {
        var start = builder.Length;
        builder.Append((byte)'/');
        var segments = 0;
        var rest = rawPath;
        while (!rest.IsEmpty)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            rest = slash < 0 ? default : rest[(slash + 1)..];
            if (segment.IsEmpty || segment is ".")
            {
                continue;
            }

            if (segment is "..")
            {
                if (segments > 0)
                {
                    // Back to the slash before the last segment (encoded segments hold no '/').
                    var written = builder.Written[start..];
                    builder.Truncate(start + Math.Max(written.LastIndexOf((byte)'/'), 1));
                    segments--;
                }

                continue;
            }

            if (segments > 0)
            {
                builder.Append((byte)'/');
            }

            UriEncoding.AppendEncoded(ref builder, segment, keepSlash: false);
            segments++;
        }

        if (segments > 0 && rawPath.EndsWith('/'))
        {
            builder.Append((byte)'/');
        }
    }

    /// <summary>
    /// The canonical query: each name and value in canonical percent-encoding (<see cref="UriEncoding.AppendCanonicalComponent"/>),
    /// sorted by name and then by value (byte order), <c>name=value</c> joined with <c>&amp;</c>; a name without <c>=</c>
    /// has an empty value. Empty pieces (<c>a=1&amp;&amp;b=2</c>) are skipped. <paramref name="exclude"/> (the presigned
    /// form's <c>X-Amz-Signature</c>) is left out.
    /// </summary>
    public static void AppendQuery(ref ByteBuilder builder, ReadOnlySpan<char> rawQuery, string? exclude)
    {
        if (rawQuery.IsEmpty)
        {
            return;
        }

        var pairs = rawQuery.Count('&') + 1;
        Span<QueryEntry> entries = pairs <= 32 ? stackalloc QueryEntry[pairs] : new QueryEntry[pairs];
        // Each UTF-16 char becomes at most 9 bytes (a 3-byte UTF-8 sequence, each byte as %XX), so the scratch
        // builder never outgrows this array, which the entries and the comparer point into.
        var scratchArray = ArrayPool<byte>.Shared.Rent(rawQuery.Length * 9 + 16);
        try
        {
            var scratch = new ByteBuilder(scratchArray);
            var count = 0;
            var rest = rawQuery;
            while (true)
            {
                var amp = rest.IndexOf('&');
                var pair = amp < 0 ? rest : rest[..amp];
                if (!pair.IsEmpty)
                {
                    var eq = pair.IndexOf('=');
                    var name = eq < 0 ? pair : pair[..eq];
                    var value = eq < 0 ? default : pair[(eq + 1)..];
                    if (exclude is null || !name.SequenceEqual(exclude))
                    {
                        var entryStart = scratch.Length;
                        UriEncoding.AppendCanonicalComponent(ref scratch, name);
                        var nameLength = scratch.Length - entryStart;
                        UriEncoding.AppendCanonicalComponent(ref scratch, value);
                        entries[count++] = new QueryEntry(entryStart, nameLength, scratch.Length - entryStart - nameLength);
                    }
                }

                if (amp < 0)
                {
                    break;
                }

                rest = rest[(amp + 1)..];
            }

            var sorted = entries[..count];
            sorted.Sort(new QueryEntryComparer(scratchArray));
            for (var i = 0; i < sorted.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append((byte)'&');
                }

                var entry = sorted[i];
                builder.Append(scratchArray.AsSpan(entry.Start, entry.NameLength));
                builder.Append((byte)'=');
                builder.Append(scratchArray.AsSpan(entry.Start + entry.NameLength, entry.ValueLength));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratchArray);
        }
    }

    /// <summary>
    /// A header value in canonical form: leading and trailing whitespace trimmed, inner runs of whitespace (including
    /// the line breaks of a folded header) collapsed to one space.
    /// </summary>
    public static void AppendHeaderValue(ref ByteBuilder builder, ReadOnlySpan<char> value)
    {
        value = value.Trim(" \t\r\n");
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsWhitespace(value[i]))
            {
                continue;
            }

            builder.AppendUtf8(value[start..i]);
            builder.Append((byte)' ');
            while (i + 1 < value.Length && IsWhitespace(value[i + 1]))
            {
                i++;
            }

            start = i + 1;
        }

        builder.AppendUtf8(value[start..]);
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private readonly record struct QueryEntry(int Start, int NameLength, int ValueLength);

    private readonly struct QueryEntryComparer(byte[] scratch) : IComparer<QueryEntry>
    {
        public int Compare(QueryEntry x, QueryEntry y)
        {
            var byName = scratch.AsSpan(x.Start, x.NameLength).SequenceCompareTo(scratch.AsSpan(y.Start, y.NameLength));
            return byName != 0
                ? byName
                : scratch.AsSpan(x.Start + x.NameLength, x.ValueLength).SequenceCompareTo(scratch.AsSpan(y.Start + y.NameLength, y.ValueLength));
        }
    }
}
