using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// A Lua script and its SHA1, computed once, so that each call is an EVALSHA of 20 bytes rather than a lookup of the
/// script's text by the client. Redis forgets scripts when it restarts or is told SCRIPT FLUSH: the caller then sends
/// the text once (EVAL, which Redis keeps for the next EVALSHA).
/// </summary>
internal sealed class RedisScript
{
    public RedisScript(string text)
    {
        Text = text;
#pragma warning disable CA5350 // Redis names a script by its SHA1; this is an identifier, not a security measure.
        Hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public string Text { get; }

    /// <summary>The 20 bytes of the script's SHA1, as EVALSHA takes them.</summary>
    public byte[] Hash { get; }

    /// <summary>Redis answered that it does not know the script (NOSCRIPT).</summary>
    public static bool IsUnknownTo(RedisServerException e) => e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);
}
