namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The token inside an identity-source value. AWS accepts the token alone or prefixed with <c>Bearer </c>; the scheme is
/// matched case-insensitively (RFC 7235) and any run of spaces or tabs may follow it.
/// </summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer";

    /// <summary>
    /// The token, without allocating; false when the value is absent or blank (AWS: 401 without validating anything).
    /// A value that is only the scheme gives an empty token, which is malformed rather than missing.
    /// </summary>
    public static bool TryExtract(string? identity, out ReadOnlyMemory<char> token)
    {
        var value = identity.AsMemory().Trim();
        if (value.IsEmpty)
        {
            token = default;
            return false;
        }

        var span = value.Span;
        if (span.Length >= Scheme.Length
            && span[..Scheme.Length].Equals(Scheme, StringComparison.OrdinalIgnoreCase)
            && (span.Length == Scheme.Length || span[Scheme.Length] is ' ' or '\t'))
        {
            value = value[Scheme.Length..].TrimStart();
        }

        token = value;
        return true;
    }
}
