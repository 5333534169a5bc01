namespace Gatehouse.Observability.Notifications;

/// <summary>One signed message on its way to one HTTP/S endpoint, with the retry schedule of its topic's delivery policy.</summary>
public sealed record SnsDelivery
{
    public required SnsMessage Message { get; init; }

    /// <summary>The subscription's ARN (the <c>x-amz-sns-subscription-arn</c> header); null for a SubscriptionConfirmation.</summary>
    public string? SubscriptionArn { get; init; }

    public required string Endpoint { get; init; }

    public required DeliveryPolicy Policy { get; init; }

    /// <summary>How many attempts were made so far.</summary>
    public int Attempts { get; init; }
}
