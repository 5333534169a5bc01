namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Turns a signed header name (a slice of <c>SignedHeaders</c>) into the string a header lookup needs, without
/// allocating for the names that clients sign on every request.
/// </summary>
internal static class SignedHeaderNames
{
    private static readonly string[] Common =
    [
        "host", "x-amz-date", "content-type", "content-length", "x-amz-content-sha256", "x-amz-security-token",
        "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "accept", "x-amz-target", "date",
        "content-md5", "x-amzn-query-mode", "content-encoding",
    ];

    public static string ToName(ReadOnlySpan<char> name)
    {
        foreach (var common in Common)
        {
            if (name.SequenceEqual(common))
            {
                return common;
            }
        }

        return name.ToString();
    }

    /// <summary>Whether the <c>;</c>-separated list holds <paramref name="name"/> (ignoring case).</summary>
    public static bool Contains(ReadOnlySpan<char> signedHeaders, string name)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            if (signedHeaders[range].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
