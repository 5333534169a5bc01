namespace Gatehouse.Identity.Policies;

/// <summary>
/// The request's condition keys (<c>aws:SourceIp</c>, <c>aws:UserAgent</c>, ...), as IAM's request context holds them.
/// Key names are case-insensitive, as in IAM; a key that is absent makes positive conditions false.
/// </summary>
public sealed class PolicyContext
{
    public const string SourceIp = "aws:SourceIp";
    public const string UserAgent = "aws:UserAgent";
    public const string SecureTransport = "aws:SecureTransport";
    public const string PrincipalArn = "aws:PrincipalArn";
    public const string PrincipalAccount = "aws:PrincipalAccount";
    public const string UserName = "aws:username";
    public const string UserId = "aws:userid";
    public const string Referer = "aws:Referer";

    private readonly Dictionary<string, string> _values;

    public PolicyContext(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            _values[key] = value;
        }
    }

    /// <summary>A context with no keys: only conditions that tolerate absent keys hold.</summary>
    public static PolicyContext Empty { get; } = new([]);

    public static PolicyContext Create(params (string Key, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, v.Value)));

    public bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
}
