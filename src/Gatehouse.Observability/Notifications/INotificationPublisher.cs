namespace Gatehouse.Observability.Notifications;

/// <summary>
/// Publishes a message to an SNS topic by its ARN, as alarm actions do. Delivery to the topic's subscribers happens in
/// the background, with retries; the call returns once the message is accepted. Throws
/// <see cref="KeyNotFoundException"/> when no such topic exists.
/// </summary>
public interface INotificationPublisher
{
    /// <summary>Accepts the message and returns its MessageId.</summary>
    Task<string> PublishAsync(string topicArn, string? subject, string message, CancellationToken cancellationToken);
}
