namespace Gatehouse.Observability.Notifications;

/// <summary>
/// A subscription of an HTTP or HTTPS endpoint to a topic. <see cref="ServiceUrl"/> is the Gatehouse address the
/// Subscribe call came to: the SubscribeURL, UnsubscribeURL and SigningCertURL of its messages point there.
/// </summary>
public sealed record SnsSubscription
{
    public required string Arn { get; init; }

    public required string TopicArn { get; init; }

    public required string Protocol { get; init; }

    public required string Endpoint { get; init; }

    public required string Owner { get; init; }

    public required string ServiceUrl { get; init; }

    public bool Confirmed { get; init; }

    /// <summary>Whether the confirmation was a signed ConfirmSubscription call (not the unsigned SubscribeURL).</summary>
    public bool ConfirmationWasAuthenticated { get; init; }

    /// <summary>Set by ConfirmSubscription's <c>AuthenticateOnUnsubscribe</c>: unsigned Unsubscribe calls are refused.</summary>
    public bool AuthenticateOnUnsubscribe { get; init; }
}
