namespace Gatehouse.Observability.Notifications;

/// <summary>
/// A message published to a topic: its text (per protocol when published with <c>MessageStructure=json</c>: the
/// <c>http</c>/<c>https</c> entry, else <c>default</c>), subject and attributes.
/// </summary>
public sealed record SnsPublication
{
    public required string TopicArn { get; init; }

    public required string Message { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyDictionary<string, string> MessagesByProtocol { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<SnsMessageAttribute> Attributes { get; init; } = [];

    public string MessageFor(string protocol) => MessagesByProtocol.GetValueOrDefault(protocol) ?? Message;
}
