namespace Gatehouse.ControlPlane.Sns;

/// <summary>Topic and subscription ARNs (<c>arn:aws:sns:{region}:{account}:{topic}[:{subscription id}]</c>) and their checks.</summary>
internal static class SnsArns
{
    public static string Topic(string region, string accountId, string name) => $"arn:aws:sns:{region}:{accountId}:{name}";

    /// <summary>
    /// Checks a topic ARN as SNS does: fewer than six elements is malformed; another service, region or an extra
    /// element is an invalid TopicArn. Returns the topic's name.
    /// </summary>
    public static string ParseTopic(string arn, string region, string parameter = "TopicArn")
    {
        var parts = arn.Split(':');
        if (parts.Length < 6 || parts[0] != "arn")
        {
            throw SnsErrors.InvalidParameter($"{parameter} Reason: An ARN must have at least 6 elements, not {parts.Length}");
        }

        if (parts.Length != 6 || parts[2] != "sns" || parts[3] != region || !SnsValidation.IsTopicName(parts[5]))
        {
            throw SnsErrors.InvalidParameter(parameter);
        }

        return parts[5];
    }

    /// <summary>The topic ARN of a well-formed subscription ARN (seven elements); throws SNS's error otherwise.</summary>
    public static string ParseSubscription(string arn)
    {
        var parts = arn.Split(':');
        if (parts.Length < 6 || parts[0] != "arn")
        {
            throw SnsErrors.InvalidParameter($"SubscriptionArn Reason: An ARN must have at least 6 elements, not {parts.Length}");
        }

        if (parts.Length != 7 || parts[6].Length == 0)
        {
            throw SnsErrors.InvalidParameter("SubscriptionId");
        }

        return string.Join(':', parts[..6]);
    }
}
