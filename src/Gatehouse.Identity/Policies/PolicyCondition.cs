using System.Net;

namespace Gatehouse.Identity.Policies;

/// <summary>
/// One operator applied to one condition key with its values (any of which may match). A key absent from the request
/// makes a positive operator false and a negated one (<c>StringNotEquals</c>, <c>NotIpAddress</c>, ...) true, as in
/// IAM; with <c>...IfExists</c> an absent key makes the condition true.
/// </summary>
public sealed class PolicyCondition
{
    private readonly WildcardPattern[] _patterns;
    private readonly IPNetwork[] _networks;

    internal PolicyCondition(ConditionOperator op, bool ifExists, string key, IReadOnlyList<string> values)
    {
        Operator = op;
        IfExists = ifExists;
        Key = key;
        Values = values;
        _patterns = op is ConditionOperator.StringLike or ConditionOperator.StringNotLike
            ? [.. values.Select(v => new WildcardPattern(v, ignoreCase: false))]
            : [];
        _networks = op is ConditionOperator.IpAddress or ConditionOperator.NotIpAddress
            ? [.. values.Select(v => TryParseNetwork(v, out var network) ? network : throw new ArgumentException($"not an IP range: {v}", nameof(values)))]
            : [];
    }

    public ConditionOperator Operator { get; }
    public bool IfExists { get; }
    public string Key { get; }
    public IReadOnlyList<string> Values { get; }

    public bool Holds(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGetValue(Key, out var actual))
        {
            return IfExists || ConditionOperators.IsNegated(Operator);
        }

        return Operator switch
        {
            ConditionOperator.StringEquals => Values.Any(v => string.Equals(v, actual, StringComparison.Ordinal)),
            ConditionOperator.StringNotEquals => !Values.Any(v => string.Equals(v, actual, StringComparison.Ordinal)),
            ConditionOperator.StringEqualsIgnoreCase => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
            ConditionOperator.StringNotEqualsIgnoreCase => !Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
            ConditionOperator.StringLike => _patterns.Any(p => p.IsMatch(actual)),
            ConditionOperator.StringNotLike => !_patterns.Any(p => p.IsMatch(actual)),
            ConditionOperator.IpAddress => InAnyNetwork(actual),
            ConditionOperator.NotIpAddress => IPAddress.TryParse(actual, out _) && !InAnyNetwork(actual),
            ConditionOperator.Bool => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
            _ => false,
        };
    }

    /// <summary>
    /// An IPv4 or IPv6 address or CIDR block, as <c>aws:SourceIp</c> conditions take them; host bits after the prefix
    /// are ignored (<c>203.0.113.5/24</c> is <c>203.0.113.0/24</c>).
    /// </summary>
    internal static bool TryParseNetwork(string value, out IPNetwork network)
    {
        network = default;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? value : value[..slash], out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(value.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    private bool InAnyNetwork(string actual)
    {
        if (!IPAddress.TryParse(actual, out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return _networks.Any(n => n.Contains(address));
    }
}
