namespace Gatehouse.Observability.Notifications;

/// <summary>The three kinds of message SNS POSTs to an HTTP/S endpoint (the <c>x-amz-sns-message-type</c> header).</summary>
public enum SnsMessageType
{
    Notification,
    SubscriptionConfirmation,
    UnsubscribeConfirmation,
}

/// <summary>A message attribute as a Notification carries it: <c>{"Type": "String", "Value": "…"}</c> (Binary as Base64).</summary>
public sealed record SnsMessageAttribute(string Name, string DataType, string Value);

/// <summary>
/// One signed message to one endpoint: the members of its JSON body. <see cref="Subject"/> and
/// <see cref="UnsubscribeUrl"/> belong to notifications, <see cref="Token"/> and <see cref="SubscribeUrl"/> to
/// confirmations.
/// </summary>
public sealed record SnsMessage
{
    public required SnsMessageType Type { get; init; }
    public required string MessageId { get; init; }
    public required string TopicArn { get; init; }
    public required string Message { get; init; }
    public required string Timestamp { get; init; }
    public string? Subject { get; init; }
    public string? Token { get; init; }
    public string? SubscribeUrl { get; init; }
    public string? UnsubscribeUrl { get; init; }
    public IReadOnlyList<SnsMessageAttribute> MessageAttributes { get; init; } = [];
    public int SignatureVersion { get; init; } = 1;
    public string Signature { get; init; } = "";
    public string SigningCertUrl { get; init; } = "";
}
