using System.Globalization;

namespace Gatehouse.Store.State.Redis;

/// <summary>
/// Where the shared state lives: one Redis server, from an address such as <c>redis://:secret@cache.internal:6379/2</c>
/// (<c>rediss://</c> for TLS). The password never appears in <see cref="ToString"/> nor in any message.
/// </summary>
public sealed record RedisStateStoreOptions
{
    public const int DefaultPort = 6379;

    public const string DefaultKeyPrefix = "gatehouse:";

    private const string Expected = "expected redis://[[user]:password@]host[:port][/database] or rediss://... for TLS";

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary>The logical database (<c>SELECT</c>), 0 unless the address names one.</summary>
    public int Database { get; init; }

    /// <summary>The ACL user name (Redis 6 and later), or null for the default user.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    public bool UseTls { get; init; }

    /// <summary>Put before every key and channel, so that several deployments can share one Redis.</summary>
    public string KeyPrefix { get; init; } = DefaultKeyPrefix;

    /// <summary>
    /// How long one operation may wait for Redis before this node serves it from its own memory. Short, because a
    /// request waits for it.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait for the first connection at start (Gatehouse starts anyway, on its own memory).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>host:port, for logs and metrics.</summary>
    public string Endpoint => (Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads <c>redis://[[user]:password@]host[:port][/database]</c> or <c>rediss://...</c> (TLS).</summary>
    /// <exception cref="FormatException">The address is not one; the message says what is wrong (never the password).</exception>
    public static RedisStateStoreOptions Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The Redis address is empty: " + Expected + ".");
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw new FormatException($"'{Redact(text)}' is not a Redis address: {Expected}.");
        }

        var scheme = text[..schemeEnd];
        var useTls = scheme.ToLowerInvariant() switch
        {
            "redis" => false,
            "rediss" => true,
            _ => throw new FormatException($"The scheme '{scheme}' is not a Redis scheme: {Expected}."),
        };

        // The last '@' ends the credentials, so that a password with an unencoded '/' or '@' is still read whole
        // (and never shown in a message).
        var rest = text[(schemeEnd + 3)..];
        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // redis://secret@host is how some tools write a password alone; Redis's URI scheme reads it as a user
                // name, which without a password authenticates nothing. Say so rather than guess.
                throw new FormatException($"'{Redact(text)}' has a user name but no password: write redis://:password@host for a password alone, or redis://user:password@host.");
            }

            user = Unescape(userInfo[..colon], "user name");
            password = Unescape(userInfo[(colon + 1)..], "password");
            if (user.Length == 0)
            {
                user = null;
            }
        }

        if (rest.AsSpan().IndexOfAny('?', '#') is var extra and >= 0)
        {
            // Not echoed: some tools put the password in the query.
            throw new FormatException($"The Redis address has a query or fragment ('{rest[extra]}...'), which Gatehouse does not take: {Expected}.");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[(slash + 1)..];

        var (host, port) = SplitHostAndPort(authority, text);
        var database = 0;
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            throw new FormatException($"'{path}' in '{Redact(text)}' is not a database number: the path names a database, 0 or more (/0, /1, ...).");
        }

        return new RedisStateStoreOptions
        {
            Host = host,
            Port = port,
            Database = database,
            User = user,
            Password = string.IsNullOrEmpty(password) ? null : password,
            UseTls = useTls,
        };
    }

    /// <summary>The address with the password hidden.</summary>
    public override string ToString()
    {
        var credentials = (User, Password) switch
        {
            (null, null) => "",
            (_, null) => User + "@",
            _ => User + ":***@",
        };
        return $"{(UseTls ? "rediss" : "redis")}://{credentials}{Endpoint}/{Database.ToString(CultureInfo.InvariantCulture)} (key prefix '{KeyPrefix}')";
    }

    private static (string Host, int Port) SplitHostAndPort(string authority, string text)
    {
        string host;
        string? portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{Redact(text)}' opens an IPv6 address with '[' and never closes it: write redis://[::1]:6379.");
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            portText = after.Length == 0 ? null : after.StartsWith(':') ? after[1..] : throw new FormatException($"'{Redact(text)}' has '{after}' after the IPv6 address, where only ':port' may follow.");
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0 && authority.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new FormatException($"'{Redact(text)}' has an IPv6 address without brackets: write redis://[::1]:6379.");
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new FormatException($"'{Redact(text)}' names no host: {Expected}.");
        }

        if (host.AsSpan().IndexOfAny(" \t/\\@") >= 0)
        {
            throw new FormatException($"'{host}' in '{Redact(text)}' is not a host name.");
        }

        var port = DefaultPort;
        if (portText is not null &&
            (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new FormatException($"'{portText}' in '{Redact(text)}' is not a port: a port is a number from 1 to 65535.");
        }

        return (host, port);
    }

    private static string Unescape(string value, string what)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            throw new FormatException($"The {what} of the Redis address is not correctly percent-encoded.");
        }
    }

    /// <summary>The address as written, with everything between the scheme and the last '@' (credentials) hidden.</summary>
    private static string Redact(string text)
    {
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var at = text.LastIndexOf('@');
        return at < start ? text : string.Concat(text.AsSpan(0, start), "***", text.AsSpan(at));
    }
}
