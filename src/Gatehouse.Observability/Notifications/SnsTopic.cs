using System.Text.Json.Serialization;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// An SNS topic as stored: its ARN and name, the attributes a caller set (<c>DisplayName</c>, <c>Policy</c>,
/// <c>DeliveryPolicy</c>, <c>SignatureVersion</c>; defaults are not stored), its tags, and how many subscriptions
/// were deleted from it (GetTopicAttributes' <c>SubscriptionsDeleted</c>).
/// </summary>
public sealed record SnsTopic
{
    public required string Arn { get; init; }

    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public long SubscriptionsDeleted { get; init; }

    /// <summary>The topic's HTTP delivery policy: its own when set, else SNS's default.</summary>
    [JsonIgnore]
    public DeliveryPolicy DeliveryPolicy =>
        Attributes.TryGetValue(SnsAttributeNames.DeliveryPolicy, out var json) && DeliveryPolicy.TryParse(json, out var policy, out _)
            ? policy!
            : DeliveryPolicy.Default;

    /// <summary>1 (SHA1withRSA, the default) or 2 (SHA256withRSA).</summary>
    [JsonIgnore]
    public int SignatureVersion => Attributes.GetValueOrDefault(SnsAttributeNames.SignatureVersion) == "2" ? 2 : 1;
}

/// <summary>The topic attribute names Gatehouse stores.</summary>
public static class SnsAttributeNames
{
    public const string DisplayName = "DisplayName";
    public const string Policy = "Policy";
    public const string DeliveryPolicy = "DeliveryPolicy";
    public const string SignatureVersion = "SignatureVersion";
}
