using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Tracing;

/// <summary>
/// The trace header a request carries through the gateway (facts §12.2): <c>X-Amzn-Trace-Id</c>, X-Ray's format
/// <c>Root=1-{epoch seconds, 8 hex}-{24 hex}[;Parent={16 hex};Sampled={0|1}]</c>. A caller's header with a valid
/// <c>Root</c> is kept as it is (API Gateway reuses the incoming trace); else a W3C <c>traceparent</c> gives the trace
/// (its 32 hex digits split 8 + 24, its parent id and sampled flag), so that both worlds see one trace; else the
/// gateway starts one. The W3C form of the same trace (<see cref="ToTraceParent"/>) goes to HTTP integrations that did
/// not get one from the caller.
/// </summary>
public static class TraceHeader
{
    public const string AmazonHeader = "X-Amzn-Trace-Id";
    public const string W3CHeader = "traceparent";

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The request's trace header, from <paramref name="headers"/> or new.</summary>
    public static string For(IHeaderDictionary headers, long epochMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var amazon = headers[AmazonHeader];
        if (amazon.Count == 1 && amazon[0] is { } given && TryFindRoot(given, out _))
        {
            return given;
        }

        var w3c = headers[W3CHeader];
        if (w3c.Count == 1 && w3c[0] is { } parent && FromTraceParent(parent) is { } derived)
        {
            return derived;
        }

        return New(epochMilliseconds);
    }

    /// <summary>
    /// A new trace as HTTP APIs start one (they do not record X-Ray segments, so no parent and no sampling decision):
    /// <c>Root=1-{epoch seconds, 8 hex}-{96 random bits, 24 hex}</c>.
    /// </summary>
    public static string New(long epochMilliseconds) => string.Create(40, epochMilliseconds / 1000, static (span, seconds) =>
    {
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        "Root=1-".CopyTo(span);
        ((uint)seconds).TryFormat(span[7..15], out _, "x8", CultureInfo.InvariantCulture);
        span[15] = '-';
        Convert.TryToHexStringLower(random, span[16..], out _);
    });

    /// <summary>
    /// The X-Ray header for a W3C <c>traceparent</c> (<c>00-{32 hex}-{16 hex}-{2 hex flags}</c>), or null when it is not
    /// one (an all-zero id included, as the W3C spec says).
    /// </summary>
    public static string? FromTraceParent(string traceParent)
    {
        ArgumentNullException.ThrowIfNull(traceParent);
        var value = traceParent.AsSpan().Trim();
        if (value.Length < 55 || value[2] != '-' || value[35] != '-' || value[52] != '-' || (value.Length > 55 && value[55] != '-')
            || !IsHex(value[..2]) || value[..2] is "ff" || !IsHex(value[3..35]) || !IsHex(value[36..52]) || !IsHex(value[53..55])
            || IsZero(value[3..35]) || IsZero(value[36..52]) || (value[..2] is "00" && value.Length != 55))
        {
            return null;
        }

        var sampled = (byte.Parse(value[53..55], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) & 1) == 1 ? '1' : '0';
        var id = value[3..35].ToString().ToLowerInvariant();
        var parent = value[36..52].ToString().ToLowerInvariant();
        return $"Root=1-{id[..8]}-{id[8..]};Parent={parent};Sampled={sampled}";
    }

    /// <summary>
    /// The W3C <c>traceparent</c> for an X-Ray header: version 00, the root's 32 hex digits, the parent (or a new one when
    /// the header has none), and the sampled flag. Null when the header has no valid root.
    /// </summary>
    public static string? ToTraceParent(string amazonHeader)
    {
        ArgumentNullException.ThrowIfNull(amazonHeader);
        if (!TryFindRoot(amazonHeader, out var root))
        {
            return null;
        }

        var given = Field(amazonHeader, "Parent");
        string parent;
        if (given.Length == 16 && IsHex(given) && !IsZero(given))
        {
            parent = given.ToString();
        }
        else
        {
            Span<byte> random = stackalloc byte[8];
            Random.Shared.NextBytes(random);
            parent = Convert.ToHexStringLower(random);
        }

        var sampled = Field(amazonHeader, "Sampled") is "1" ? "01" : "00";
        return $"00-{root[2..10]}{root[11..35]}-{parent}-{sampled}".ToLowerInvariant();
    }

    /// <summary>Finds <c>Root=1-{8 hex}-{24 hex}</c> among the header's <c>;</c>-separated fields.</summary>
    private static bool TryFindRoot(string header, out ReadOnlySpan<char> root)
    {
        root = Field(header, "Root");
        return root.Length == 35 && root[..2] is "1-" && root[10] == '-' && IsHex(root[2..10]) && IsHex(root[11..]);
    }

    private static ReadOnlySpan<char> Field(string header, string name)
    {
        foreach (var range in header.AsSpan().Split(';'))
        {
            var field = header.AsSpan()[range].Trim();
            if (field.Length > name.Length && field[name.Length] == '=' && field.StartsWith(name, StringComparison.Ordinal))
            {
                return field[(name.Length + 1)..];
            }
        }

        return [];
    }

    private static bool IsHex(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(HexDigits);

    private static bool IsZero(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
