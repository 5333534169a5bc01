using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Notifications;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Sns;

/// <summary>
/// SNS's query API (<c>Version=2010-03-31</c>), the slice alarm actions need: topics, HTTP/HTTPS subscriptions with
/// the confirmation handshake, and Publish. Confirmations and notifications go out through <see cref="SnsPublisher"/>.
/// </summary>
public sealed class SnsQueryService(SnsStore store, SnsPublisher publisher, ControlPlaneOptions options) : IQueryService
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";

    /// <summary>What Subscribe answers for a subscription that waits for its confirmation, and how lists show its ARN.</summary>
    public const string PendingConfirmation = "pending confirmation";

    private const int PageSize = 100;

    /// <summary>An empty <c>{Action}Result</c> element: botocore requires it for operations whose output shape has no members (TagResource, UntagResource).</summary>
    private static readonly Action<QueryXmlWriter> EmptyResult = _ => { };

    public string SigningName => "sns";

    public string XmlNamespace => Namespace;

    /// <summary>
    /// <c>SNS:{Action}</c> on the topic the call acts on (its ARN, the one CreateTopic would make, or the topic of a
    /// subscription ARN), or on <c>*</c> for listings; a malformed ARN is checked as written, and refused later by the
    /// operation's own validation.
    /// </summary>
    public ServiceAccess AccessOf(QueryCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var p = call.Parameters;
        var resource = call.Action switch
        {
            "CreateTopic" => SnsArns.Topic(options.Region, options.AccountId, p.Get("Name") ?? ""),
            "Unsubscribe" or "GetSubscriptionAttributes" => TopicOfSubscription(p.Get("SubscriptionArn") ?? ""),
            "Publish" => p.Get("TopicArn") ?? p.Get("TargetArn") ?? "",
            "ListTagsForResource" or "TagResource" or "UntagResource" => p.Get("ResourceArn") ?? "",
            "ListTopics" or "ListSubscriptions" => "*",
            _ => p.Get("TopicArn") ?? "",
        };
        return new ServiceAccess("SNS:" + call.Action, resource);

        static string TopicOfSubscription(string arn) => arn.Count(c => c == ':') == 6 ? arn[..arn.LastIndexOf(':')] : arn;
    }

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(403, "AuthorizationError", ServiceAuthorizer.DeniedMessage(callerArn, action, resource, explicitDeny));

    public async Task<Action<QueryXmlWriter>?> InvokeAsync(QueryCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var p = call.Parameters;
        return call.Action switch
        {
            "CreateTopic" => await CreateTopicAsync(p, cancellationToken),
            "DeleteTopic" => await DeleteTopicAsync(p, cancellationToken),
            "ListTopics" => await ListTopicsAsync(p, cancellationToken),
            "GetTopicAttributes" => await GetTopicAttributesAsync(p, cancellationToken),
            "SetTopicAttributes" => await SetTopicAttributesAsync(p, cancellationToken),
            "Subscribe" => await SubscribeAsync(call, p, cancellationToken),
            "ConfirmSubscription" => await ConfirmSubscriptionAsync(call, p, cancellationToken),
            "Unsubscribe" => await UnsubscribeAsync(call, p, cancellationToken),
            "ListSubscriptions" => await ListSubscriptionsAsync(null, p, cancellationToken),
            "ListSubscriptionsByTopic" => await ListSubscriptionsByTopicAsync(p, cancellationToken),
            "Publish" => await PublishAsync(p, cancellationToken),
            "GetSubscriptionAttributes" => await GetSubscriptionAttributesAsync(p, cancellationToken),
            "ListTagsForResource" => await ListTagsForResourceAsync(p, cancellationToken),
            "TagResource" => await TagResourceAsync(p, cancellationToken),
            "UntagResource" => await UntagResourceAsync(p, cancellationToken),
            _ => throw SnsErrors.InvalidAction(call.Action, p.Version),
        };
    }

    private async Task<Action<QueryXmlWriter>?> CreateTopicAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var name = SnsValidation.TopicName(p.Get("Name"));
        var attributes = SnsValidation.TopicAttributes(p);
        var tags = SnsValidation.Tags(p);
        if (p.Has("DataProtectionPolicy"))
        {
            throw SnsErrors.NotSupported("DataProtectionPolicy", "data protection policies");
        }

        var topic = new SnsTopic { Arn = SnsArns.Topic(options.Region, options.AccountId, name), Name = name, Attributes = attributes, Tags = tags };
        var (stored, created) = await store.CreateTopicAsync(topic, cancellationToken);
        if (!created)
        {
            // Idempotent by name, as long as the request asks for nothing the topic does not already have.
            if (attributes.Any(a => stored.Attributes.GetValueOrDefault(a.Key) != a.Value))
            {
                throw SnsErrors.InvalidParameter("Attributes Reason: Topic already exists with different attributes");
            }

            if (tags.Count > 0 && !tags.All(t => stored.Tags.Contains(t)))
            {
                throw SnsErrors.InvalidParameter("Tags Reason: Topic already exists with different tags");
            }
        }

        return xml => xml.Element("TopicArn", stored.Arn);
    }

    private async Task<Action<QueryXmlWriter>?> DeleteTopicAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var arn = SnsValidation.Required(p, "TopicArn");
        SnsArns.ParseTopic(arn, options.Region);
        // Deleting a topic that does not exist succeeds, as on SNS.
        await store.DeleteTopicAsync(arn, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> ListTopicsAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var after = SnsValidation.AfterToken(p.Get("NextToken"));
        var topics = await store.ListTopicsAsync(after, PageSize + 1, cancellationToken);
        var page = topics.Take(PageSize).ToList();
        return xml =>
        {
            xml.List("Topics", page, (x, topic) => x.Element("TopicArn", topic.Arn));
            xml.Element("NextToken", topics.Count > PageSize ? SnsValidation.PageToken(page[^1].Arn) : null);
        };
    }

    private async Task<Action<QueryXmlWriter>?> GetTopicAttributesAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TopicAsync(p, cancellationToken);
        var subscriptions = await AllSubscriptionsAsync(topic.Arn, cancellationToken);
        var confirmed = subscriptions.Count(s => s.Confirmed);
        var attributes = new List<KeyValuePair<string, string>>
        {
            new("Policy", topic.Attributes.GetValueOrDefault(SnsAttributeNames.Policy) ?? DefaultPolicy(topic.Arn)),
            new("Owner", options.AccountId),
            new("SubscriptionsPending", (subscriptions.Count - confirmed).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("TopicArn", topic.Arn),
            new("EffectiveDeliveryPolicy", topic.DeliveryPolicy.ToEffectiveJson()),
            new("SubscriptionsConfirmed", confirmed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("DisplayName", topic.Attributes.GetValueOrDefault(SnsAttributeNames.DisplayName) ?? ""),
            new("SubscriptionsDeleted", topic.SubscriptionsDeleted.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        foreach (var name in new[] { SnsAttributeNames.DeliveryPolicy, SnsAttributeNames.SignatureVersion })
        {
            if (topic.Attributes.TryGetValue(name, out var value))
            {
                attributes.Add(new(name, value));
            }
        }

        return xml => WriteAttributes(xml, attributes);
    }

    /// <summary>A map in the query protocol: <c>&lt;Attributes&gt;&lt;entry&gt;&lt;key&gt;…&lt;/key&gt;&lt;value&gt;…&lt;/value&gt;&lt;/entry&gt;…</c>.</summary>
    private static void WriteAttributes(QueryXmlWriter xml, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        xml.Start("Attributes");
        foreach (var (key, value) in attributes)
        {
            xml.Start("entry");
            xml.Element("key", key);
            xml.Element("value", value);
            xml.End();
        }

        xml.End();
    }

    private async Task<Action<QueryXmlWriter>?> GetSubscriptionAttributesAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var arn = SnsValidation.Required(p, "SubscriptionArn");
        var topicArn = SnsArns.ParseSubscription(arn);
        var subscription = await store.GetSubscriptionAsync(arn, cancellationToken) ?? throw new AwsException(404, "NotFound", "Subscription does not exist");
        var topic = await store.GetTopicAsync(topicArn, cancellationToken);
        var attributes = new List<KeyValuePair<string, string>>
        {
            new("Owner", subscription.Owner),
            new("RawMessageDelivery", "false"),
            new("TopicArn", subscription.TopicArn),
            new("Endpoint", MaskPassword(subscription.Endpoint)),
            new("Protocol", subscription.Protocol),
            new("PendingConfirmation", subscription.Confirmed ? "false" : "true"),
            new("ConfirmationWasAuthenticated", subscription.ConfirmationWasAuthenticated ? "true" : "false"),
            new("SubscriptionArn", subscription.Arn),
            new("EffectiveDeliveryPolicy", (topic?.DeliveryPolicy ?? DeliveryPolicy.Default).ToEffectiveJson()),
        };
        return xml => WriteAttributes(xml, attributes);
    }

    private async Task<SnsTopic> TaggedTopicAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var arn = SnsValidation.Required(p, "ResourceArn");
        SnsArns.ParseTopic(arn, options.Region, "ResourceArn");
        return await store.GetTopicAsync(arn, cancellationToken) ?? throw new AwsException(404, "ResourceNotFound", "Resource does not exist");
    }

    private async Task<Action<QueryXmlWriter>?> ListTagsForResourceAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TaggedTopicAsync(p, cancellationToken);
        return xml => xml.List("Tags", topic.Tags, (x, tag) =>
        {
            x.Element("Key", tag.Key);
            x.Element("Value", tag.Value);
        });
    }

    private async Task<Action<QueryXmlWriter>?> TagResourceAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TaggedTopicAsync(p, cancellationToken);
        var tags = SnsValidation.Tags(p);
        if (tags.Count == 0)
        {
            throw SnsErrors.Missing("Tags");
        }

        await store.UpdateTopicAsync(topic.Arn, t =>
        {
            var merged = t.Tags.Where(existing => !tags.Any(n => n.Key == existing.Key)).Concat(tags).ToList();
            return merged.Count <= SnsValidation.MaxTags
                ? t with { Tags = merged }
                : throw new AwsException(400, "TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded");
        }, cancellationToken);
        return EmptyResult;
    }

    private async Task<Action<QueryXmlWriter>?> UntagResourceAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TaggedTopicAsync(p, cancellationToken);
        var keys = p.GetList("TagKeys");
        if (keys.Count == 0)
        {
            throw SnsErrors.Missing("TagKeys");
        }

        await store.UpdateTopicAsync(topic.Arn, t => t with { Tags = [.. t.Tags.Where(tag => !keys.Contains(tag.Key))] }, cancellationToken);
        return EmptyResult;
    }

    private async Task<Action<QueryXmlWriter>?> SetTopicAttributesAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TopicAsync(p, cancellationToken);
        var name = SnsValidation.Required(p, "AttributeName");
        var value = p.Get("AttributeValue") ?? "";
        var stored = SnsValidation.TopicAttribute(name, value);
        await store.UpdateTopicAsync(topic.Arn, t =>
        {
            var attributes = new Dictionary<string, string>(t.Attributes);
            if (stored is null)
            {
                attributes.Remove(name);
            }
            else
            {
                attributes[name] = stored;
            }

            return t with { Attributes = attributes };
        }, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> SubscribeAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TopicAsync(p, cancellationToken);
        var protocol = SnsValidation.Required(p, "Protocol");
        if (!SnsValidation.KnownProtocols.Contains(protocol))
        {
            throw SnsErrors.InvalidParameter($"Amazon SNS does not support this protocol string: {protocol}");
        }

        if (protocol is not ("http" or "https"))
        {
            throw SnsErrors.NotSupported("Protocol", $"the protocol {protocol} (only http and https)");
        }

        var endpoint = p.Get("Endpoint");
        if (string.IsNullOrEmpty(endpoint))
        {
            throw SnsErrors.InvalidParameter("Endpoint");
        }

        if (!endpoint.StartsWith(protocol + "://", StringComparison.OrdinalIgnoreCase))
        {
            throw SnsErrors.InvalidParameter("Endpoint must match the specified protocol");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw SnsErrors.InvalidParameter("Endpoint");
        }

        if (p.GetMapEntries("Attributes") is { Count: > 0 } subscriptionAttributes)
        {
            throw SnsErrors.NotSupported("Attributes", $"the subscription attribute {subscriptionAttributes[0].GetValueOrDefault("key")}");
        }

        var returnArn = p.Get("ReturnSubscriptionArn") is { } flag && flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        var subscription = new SnsSubscription
        {
            Arn = $"{topic.Arn}:{Guid.NewGuid()}",
            TopicArn = topic.Arn,
            Protocol = protocol,
            Endpoint = endpoint,
            Owner = options.AccountId,
            ServiceUrl = ServiceUrl(call.HttpContext.Request),
        };
        var (stored, _) = await store.AddSubscriptionAsync(subscription, cancellationToken) ?? throw SnsErrors.TopicNotFound();
        if (!stored.Confirmed)
        {
            // A new subscription, or one still pending: (again) the confirmation with a fresh token.
            var token = await store.CreateTokenAsync(stored, cancellationToken);
            publisher.SendSubscriptionConfirmation(topic, stored, token);
        }

        return xml => xml.Element("SubscriptionArn", stored.Confirmed || returnArn ? stored.Arn : PendingConfirmation);
    }

    private async Task<Action<QueryXmlWriter>?> ConfirmSubscriptionAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var topicArn = SnsValidation.Required(p, "TopicArn");
        var token = SnsValidation.Required(p, "Token");
        SnsArns.ParseTopic(topicArn, options.Region, "Topic");
        _ = await store.GetTopicAsync(topicArn, cancellationToken) ?? throw SnsErrors.TopicNotFound();
        // As SNS: only a signed confirmation may require signed unsubscribes (an unsigned link cannot lock the owner out).
        var authenticateOnUnsubscribe = call.Caller is not null &&
            p.Get("AuthenticateOnUnsubscribe") is { } value && value.Equals("true", StringComparison.OrdinalIgnoreCase);
        var subscription = await store.ConfirmAsync(topicArn, token, authenticated: call.Caller is not null, authenticateOnUnsubscribe, cancellationToken)
            ?? throw SnsErrors.InvalidParameter("Token");
        return xml => xml.Element("SubscriptionArn", subscription.Arn);
    }

    private async Task<Action<QueryXmlWriter>?> UnsubscribeAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var arn = SnsValidation.Required(p, "SubscriptionArn");
        SnsArns.ParseSubscription(arn);
        var subscription = await store.GetSubscriptionAsync(arn, cancellationToken);
        if (subscription is null)
        {
            // Unsubscribing twice succeeds, as on SNS.
            return null;
        }

        if (subscription.AuthenticateOnUnsubscribe && call.Caller is null)
        {
            throw new AwsException(403, "AuthorizationError", "Unsubscribing from this subscription requires a signed request (it was confirmed with AuthenticateOnUnsubscribe)");
        }

        var removed = await store.DeleteSubscriptionAsync(arn, cancellationToken);
        if (removed is { Confirmed: true } && await store.GetTopicAsync(removed.TopicArn, cancellationToken) is { } topic)
        {
            var token = await store.CreateTokenAsync(removed, cancellationToken);
            publisher.SendUnsubscribeConfirmation(topic, removed, token);
        }

        return null;
    }

    private async Task<Action<QueryXmlWriter>?> ListSubscriptionsByTopicAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var topic = await TopicAsync(p, cancellationToken);
        return await ListSubscriptionsAsync(topic.Arn, p, cancellationToken);
    }

    private async Task<Action<QueryXmlWriter>?> ListSubscriptionsAsync(string? topicArn, QueryRequest p, CancellationToken cancellationToken)
    {
        var after = SnsValidation.AfterToken(p.Get("NextToken"));
        var subscriptions = await store.ListSubscriptionsAsync(topicArn, after, PageSize + 1, cancellationToken);
        var page = subscriptions.Take(PageSize).ToList();
        return xml =>
        {
            xml.List("Subscriptions", page, (x, s) =>
            {
                x.Element("SubscriptionArn", s.Confirmed ? s.Arn : "PendingConfirmation");
                x.Element("Owner", s.Owner);
                x.Element("Protocol", s.Protocol);
                x.Element("Endpoint", MaskPassword(s.Endpoint));
                x.Element("TopicArn", s.TopicArn);
            });
            xml.Element("NextToken", subscriptions.Count > PageSize ? SnsValidation.PageToken(page[^1].Arn) : null);
        };
    }

    private async Task<Action<QueryXmlWriter>?> PublishAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        if (p.Has("PhoneNumber"))
        {
            throw SnsErrors.NotSupported("PhoneNumber", "SMS");
        }

        var topicArn = p.Get("TopicArn") ?? p.Get("TargetArn") ?? throw SnsErrors.InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        if (p.Get("TopicArn") is null && topicArn.Contains(":endpoint/", StringComparison.Ordinal))
        {
            throw SnsErrors.NotSupported("TargetArn", "mobile push endpoints");
        }

        var message = p.Get("Message");
        if (string.IsNullOrEmpty(message))
        {
            throw SnsErrors.InvalidParameter("Empty message");
        }

        var subject = SnsValidation.Subject(p.Get("Subject"));
        var attributes = SnsValidation.MessageAttributes(p);
        if (SnsValidation.PublishSize(message, attributes) > SnsValidation.MaxMessageBytes)
        {
            throw SnsErrors.InvalidParameter("Message too long");
        }

        var byProtocol = MessagesByProtocol(p.Get("MessageStructure"), message);
        foreach (var fifoOnly in new[] { "MessageGroupId", "MessageDeduplicationId" })
        {
            if (p.Has(fifoOnly))
            {
                throw SnsErrors.InvalidParameter($"{fifoOnly} Reason: The request includes {fifoOnly} parameter that is not valid for this topic type");
            }
        }

        SnsArns.ParseTopic(topicArn, options.Region, p.Get("TopicArn") is null ? "TargetArn" : "TopicArn");
        var publication = new SnsPublication
        {
            TopicArn = topicArn,
            Message = byProtocol?.GetValueOrDefault("default") ?? message,
            MessagesByProtocol = byProtocol ?? new Dictionary<string, string>(),
            Subject = subject,
            Attributes = attributes,
        };
        var messageId = await publisher.PublishAsync(publication, cancellationToken) ?? throw SnsErrors.TopicNotFound();
        return xml => xml.Element("MessageId", messageId);
    }

    /// <summary>
    /// <c>MessageStructure=json</c>: the message is a JSON object of strings per protocol with a <c>default</c> entry;
    /// entries that are not strings are ignored, as on SNS.
    /// </summary>
    private static Dictionary<string, string>? MessagesByProtocol(string? structure, string message)
    {
        if (structure is null)
        {
            return null;
        }

        if (structure != "json")
        {
            throw SnsErrors.InvalidParameter("MessageStructure");
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
            }

            var entries = document.RootElement.EnumerateObject()
                .Where(e => e.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(e => e.Name, e => e.Value.GetString()!, StringComparer.Ordinal);
            return entries.ContainsKey("default") ? entries : throw SnsErrors.InvalidParameter("Message Structure - No default entry in JSON message body");
        }
        catch (JsonException)
        {
            throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    private async Task<SnsTopic> TopicAsync(QueryRequest p, CancellationToken cancellationToken)
    {
        var arn = SnsValidation.Required(p, "TopicArn");
        SnsArns.ParseTopic(arn, options.Region);
        return await store.GetTopicAsync(arn, cancellationToken) ?? throw SnsErrors.TopicNotFound();
    }

    private async Task<List<SnsSubscription>> AllSubscriptionsAsync(string topicArn, CancellationToken cancellationToken)
    {
        var all = new List<SnsSubscription>();
        while (true)
        {
            var page = await store.ListSubscriptionsAsync(topicArn, all.Count == 0 ? null : all[^1].Arn, 1000, cancellationToken);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    /// <summary>The address the request came to: what SubscribeURL, UnsubscribeURL and SigningCertURL point at.</summary>
    private static string ServiceUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>SNS does not give an endpoint's basic-authentication password back.</summary>
    private static string MaskPassword(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? endpoint.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":****", StringComparison.Ordinal)
            : endpoint;

    /// <summary>The policy SNS gives a new topic: the owner's account may do everything with it.</summary>
    internal static string DefaultPolicy(string topicArn)
    {
        var account = topicArn.Split(':')[4];
        return """{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":""" +
            "\"" + topicArn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" + account + "\"}}}]}";
    }
}
