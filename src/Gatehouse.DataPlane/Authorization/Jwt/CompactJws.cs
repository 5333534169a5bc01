using System.Buffers;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The cheap shape check done before any parsing: three base64url segments separated by dots (RFC 7515 §7.1), a
/// non-empty header and payload. Encrypted tokens (five segments) and anything else are malformed. Rejecting garbage
/// here keeps exceptions (from the parser) off the path that a flood of junk tokens takes.
/// </summary>
internal static class CompactJws
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public static bool HasShape(ReadOnlySpan<char> token)
    {
        var firstDot = token.IndexOf('.');
        var lastDot = token.LastIndexOf('.');
        if (firstDot <= 0 || lastDot == firstDot || lastDot == firstDot + 1)
        {
            return false;
        }

        if (token.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // Exactly two dots: the middle part holds none.
        return token[(firstDot + 1)..lastDot].IndexOf('.') < 0;
    }

    /// <summary>The payload segment (between the two dots) of a token that <see cref="HasShape"/> accepted.</summary>
    public static ReadOnlySpan<char> Payload(ReadOnlySpan<char> token)
    {
        var firstDot = token.IndexOf('.');
        return token[(firstDot + 1)..token.LastIndexOf('.')];
    }
}
