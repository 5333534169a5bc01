namespace Gatehouse.Observability.Notifications;

/// <summary>
/// Turns publications and subscription events into signed messages and hands them to <see cref="SnsHttpDelivery"/>:
/// a Notification to every confirmed subscription of the topic (pending ones receive nothing), a
/// SubscriptionConfirmation to a new subscription, an UnsubscribeConfirmation to a removed one. The alarm evaluator
/// publishes through <see cref="INotificationPublisher"/>; the SNS API's Publish through <see cref="PublishAsync(SnsPublication, CancellationToken)"/>.
/// </summary>
public sealed class SnsPublisher(SnsStore store, SnsSigningKey key, SnsHttpDelivery delivery, TimeProvider time) : INotificationPublisher
{
    public async Task<string> PublishAsync(string topicArn, string? subject, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topicArn);
        ArgumentNullException.ThrowIfNull(message);
        return await PublishAsync(new SnsPublication { TopicArn = topicArn, Subject = subject, Message = message }, cancellationToken)
            ?? throw new KeyNotFoundException($"Topic does not exist: {topicArn}");
    }

    /// <summary>Queues a Notification for each confirmed subscription; returns the MessageId, or null when there is no such topic.</summary>
    public async Task<string?> PublishAsync(SnsPublication publication, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var topic = await store.GetTopicAsync(publication.TopicArn, cancellationToken);
        if (topic is null)
        {
            return null;
        }

        var messageId = Guid.NewGuid().ToString();
        var timestamp = SnsMessageFormat.Timestamp(time.GetUtcNow());
        string? after = null;
        while (true)
        {
            var page = await store.ListSubscriptionsAsync(topic.Arn, after, 500, cancellationToken);
            foreach (var subscription in page.Where(s => s.Confirmed))
            {
                var message = Sign(new SnsMessage
                {
                    Type = SnsMessageType.Notification,
                    MessageId = messageId,
                    TopicArn = topic.Arn,
                    Subject = publication.Subject,
                    Message = publication.MessageFor(subscription.Protocol),
                    Timestamp = timestamp,
                    UnsubscribeUrl = $"{subscription.ServiceUrl}/?Action=Unsubscribe&SubscriptionArn={subscription.Arn}",
                    MessageAttributes = publication.Attributes,
                    SignatureVersion = topic.SignatureVersion,
                }, subscription);
                delivery.TryEnqueue(new SnsDelivery { Message = message, SubscriptionArn = subscription.Arn, Endpoint = subscription.Endpoint, Policy = topic.DeliveryPolicy });
            }

            if (page.Count < 500)
            {
                return messageId;
            }

            after = page[^1].Arn;
        }
    }

    /// <summary>Sends the SubscriptionConfirmation for <paramref name="token"/> to a new subscription's endpoint.</summary>
    public void SendSubscriptionConfirmation(SnsTopic topic, SnsSubscription subscription, string token)
    {
        ArgumentNullException.ThrowIfNull(topic);
        SendConfirmation(topic, subscription, token, SnsMessageType.SubscriptionConfirmation,
            $"You have chosen to subscribe to the topic {topic.Arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
            subscriptionArn: null);
    }

    /// <summary>Tells a removed subscription's endpoint; its SubscribeURL (with <paramref name="token"/>) restores the subscription.</summary>
    public void SendUnsubscribeConfirmation(SnsTopic topic, SnsSubscription subscription, string token)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        SendConfirmation(topic, subscription, token, SnsMessageType.UnsubscribeConfirmation,
            $"You have chosen to deactivate subscription {subscription.Arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.",
            subscription.Arn);
    }

    /// <summary>A signed message carrying <paramref name="token"/> and its SubscribeURL, queued for the subscription's endpoint.</summary>
    private void SendConfirmation(SnsTopic topic, SnsSubscription subscription, string token, SnsMessageType type, string text, string? subscriptionArn)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(subscription);
        var message = Sign(new SnsMessage
        {
            Type = type,
            MessageId = Guid.NewGuid().ToString(),
            TopicArn = topic.Arn,
            Token = token,
            Message = text,
            SubscribeUrl = ConfirmUrl(subscription, token),
            Timestamp = SnsMessageFormat.Timestamp(time.GetUtcNow()),
            SignatureVersion = topic.SignatureVersion,
        }, subscription);
        delivery.TryEnqueue(new SnsDelivery { Message = message, SubscriptionArn = subscriptionArn, Endpoint = subscription.Endpoint, Policy = topic.DeliveryPolicy });
    }

    private static string ConfirmUrl(SnsSubscription subscription, string token) =>
        $"{subscription.ServiceUrl}/?Action=ConfirmSubscription&TopicArn={subscription.TopicArn}&Token={token}";

    private SnsMessage Sign(SnsMessage message, SnsSubscription subscription)
    {
        message = message with { SigningCertUrl = $"{subscription.ServiceUrl}/{key.CertificateFileName}" };
        return message with { Signature = key.Sign(SnsMessageFormat.CanonicalString(message), message.SignatureVersion) };
    }
}
