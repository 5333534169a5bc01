using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane.Sns;

/// <summary>
/// The SNS slice driven by the real AWS CLI v2 (<c>aws sns …</c>) against a server of its own (one test restarts it),
/// with a local HTTP endpoint as the subscriber: the confirmation handshake, signed notifications verified with the
/// certificate Gatehouse serves, retries, unsubscribing, AWS's errors, and what survives a restart.
/// </summary>
public sealed class SnsCliTests : IAsyncLifetime
{
    private const string Account = "000000000000";
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";
    private GatehouseProcess _server = null!;
    private SnsSubscriber _subscriber = null!;
    private readonly HttpClient _unsigned = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    private AwsCli Cli => new(_server.BaseAddress);

    public async Task InitializeAsync()
    {
        _server = await GatehouseProcess.StartAsync(GatehouseFixture.Unthrottled);
        _subscriber = await SnsSubscriber.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _unsigned.Dispose();
        await _subscriber.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<CliResult> SnsAsync(params string[] arguments) => Cli.RunAsync(["sns", .. arguments]);

    private static string TopicArn(string name) => $"arn:aws:sns:us-east-1:{Account}:{name}";

    private async Task<Dictionary<string, string>> AttributesAsync(string topicArn) =>
        (await SnsAsync("get-topic-attributes", "--topic-arn", topicArn)).ShouldSucceed().Json.GetProperty("Attributes")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    /// <summary>Subscribes the local endpoint and confirms through the SubscribeURL, as a subscriber would; returns the subscription ARN.</summary>
    private async Task<string> SubscribeAndConfirmAsync(string topicArn)
    {
        (await SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "http", "--notification-endpoint", _subscriber.Endpoint)).ShouldSucceed();
        var confirmation = await _subscriber.NextAsync("SubscriptionConfirmation");
        var answer = await _unsigned.GetAsync(confirmation.Member("SubscribeURL"));
        var xml = XDocument.Parse(await answer.ShouldBeAsync(HttpStatusCode.OK));
        return xml.Descendants(Sns + "SubscriptionArn").Single().Value;
    }

    [Fact]
    public async Task GivenAnHttpSubscriber_WhenItConfirmsAndMessagesArePublished_ThenTheyArriveSignedAsSnsSendsThem()
    {
        // A topic, idempotent by name, with SNS's default attributes.
        var topicArn = (await SnsAsync("create-topic", "--name", "alarms", "--attributes", "DisplayName=Alarms", "--tags", "Key=team,Value=ops"))
            .ShouldSucceed().Json.GetProperty("TopicArn").GetString();
        Assert.Equal(TopicArn("alarms"), topicArn);
        Assert.Equal(topicArn, (await SnsAsync("create-topic", "--name", "alarms")).ShouldSucceed().Json.GetProperty("TopicArn").GetString());
        Assert.Contains(topicArn, (await SnsAsync("list-topics")).ShouldSucceed().Json.GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("TopicArn").GetString()));
        var attributes = await AttributesAsync(topicArn!);
        Assert.Equal(Account, attributes["Owner"]);
        Assert.Equal("Alarms", attributes["DisplayName"]);
        Assert.Equal(topicArn, attributes["TopicArn"]);
        Assert.Equal(("0", "0", "0"), (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"], attributes["SubscriptionsDeleted"]));
        using (var policy = JsonDocument.Parse(attributes["Policy"]))
        {
            Assert.Equal("__default_policy_ID", policy.RootElement.GetProperty("Id").GetString());
            Assert.Equal(topicArn, policy.RootElement.GetProperty("Statement")[0].GetProperty("Resource").GetString());
        }

        Assert.Contains("\"numRetries\":3", attributes["EffectiveDeliveryPolicy"], StringComparison.Ordinal);

        // Subscribe: pending until the endpoint visits the SubscribeURL it receives.
        var subscribed = (await SnsAsync("subscribe", "--topic-arn", topicArn!, "--protocol", "http", "--notification-endpoint", _subscriber.Endpoint)).ShouldSucceed();
        Assert.Equal("pending confirmation", subscribed.Json.GetProperty("SubscriptionArn").GetString());
        var confirmation = await _subscriber.NextAsync();
        Assert.Equal("SubscriptionConfirmation", confirmation.Type);
        Assert.Equal("POST", confirmation.Method);
        Assert.Equal("/sns/hook", confirmation.Target);
        Assert.Equal(topicArn, confirmation.Headers["x-amz-sns-topic-arn"]);
        Assert.Equal(confirmation.Member("MessageId"), confirmation.Headers["x-amz-sns-message-id"]);
        Assert.False(confirmation.Headers.ContainsKey("x-amz-sns-subscription-arn"));
        Assert.Equal("text/plain; charset=UTF-8", confirmation.Headers["content-type"]);
        Assert.Equal("Amazon Simple Notification Service Agent", confirmation.Headers["user-agent"]);
        Assert.Equal(["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"],
            confirmation.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{_server.BaseAddress.ToString().TrimEnd('/')}/?Action=ConfirmSubscription&TopicArn={topicArn}&Token={confirmation.Member("Token")}",
            confirmation.Member("SubscribeURL"));
        Assert.Equal("1", confirmation.Member("SignatureVersion"));
        Assert.StartsWith(_server.BaseAddress + "SimpleNotificationService-", confirmation.Member("SigningCertURL"), StringComparison.Ordinal);
        await SnsSubscriber.VerifyAsync(confirmation);

        var pending = (await SnsAsync("list-subscriptions-by-topic", "--topic-arn", topicArn!)).ShouldSucceed().Json.GetProperty("Subscriptions")[0];
        Assert.Equal("PendingConfirmation", pending.GetProperty("SubscriptionArn").GetString());
        Assert.Equal(_subscriber.Endpoint, pending.GetProperty("Endpoint").GetString());
        Assert.Equal("1", (await AttributesAsync(topicArn!))["SubscriptionsPending"]);

        // Nothing reaches a pending subscription.
        (await SnsAsync("publish", "--topic-arn", topicArn!, "--message", "too early")).ShouldSucceed();
        await _subscriber.AssertNothingArrivesAsync(TimeSpan.FromSeconds(1));

        // The SubscribeURL is an unsigned GET, answered as SNS answers it.
        var confirmed = await _unsigned.GetAsync(confirmation.Member("SubscribeURL"));
        var subscriptionArn = XDocument.Parse(await confirmed.ShouldBeAsync(HttpStatusCode.OK)).Descendants(Sns + "SubscriptionArn").Single().Value;
        Assert.Matches($"^{topicArn}:[0-9a-f-]{{36}}$", subscriptionArn);
        var listed = (await SnsAsync("list-subscriptions")).ShouldSucceed().Json.GetProperty("Subscriptions").EnumerateArray().Single(s => s.GetProperty("TopicArn").GetString() == topicArn);
        Assert.Equal(subscriptionArn, listed.GetProperty("SubscriptionArn").GetString());
        Assert.Equal(("http", Account), (listed.GetProperty("Protocol").GetString(), listed.GetProperty("Owner").GetString()));
        Assert.Equal(("1", "0"), ((await AttributesAsync(topicArn!))["SubscriptionsConfirmed"], (await AttributesAsync(topicArn!))["SubscriptionsPending"]));

        // Publish: a Notification, signed, with the subject and attributes.
        var published = (await SnsAsync("publish", "--topic-arn", topicArn!, "--subject", "ALARM: errors", "--message", "{\"AlarmName\":\"5xx\"}",
            "--message-attributes", """{"severity":{"DataType":"String","StringValue":"high"},"count":{"DataType":"Number","StringValue":"3"}}""")).ShouldSucceed();
        var messageId = published.Json.GetProperty("MessageId").GetString();
        var notification = await _subscriber.NextAsync();
        Assert.Equal("Notification", notification.Type);
        Assert.Equal(messageId, notification.Member("MessageId"));
        Assert.Equal(messageId, notification.Headers["x-amz-sns-message-id"]);
        Assert.Equal(subscriptionArn, notification.Headers["x-amz-sns-subscription-arn"]);
        Assert.Equal(["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"],
            notification.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ALARM: errors", "{\"AlarmName\":\"5xx\"}"), (notification.Member("Subject"), notification.Member("Message")));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", notification.Member("Timestamp"));
        Assert.Equal("high", notification.Json.GetProperty("MessageAttributes").GetProperty("severity").GetProperty("Value").GetString());
        Assert.Equal("Number", notification.Json.GetProperty("MessageAttributes").GetProperty("count").GetProperty("Type").GetString());
        Assert.Equal($"{_server.BaseAddress.ToString().TrimEnd('/')}/?Action=Unsubscribe&SubscriptionArn={subscriptionArn}", notification.Member("UnsubscribeURL"));
        await SnsSubscriber.VerifyAsync(notification);

        // A tampered message does not verify.
        var tampered = notification with { Body = notification.Body.Replace("5xx", "4xx", StringComparison.Ordinal) };
        await Assert.ThrowsAnyAsync<Exception>(() => SnsSubscriber.VerifyAsync(tampered));

        // Unsubscribe: an UnsubscribeConfirmation, and no more notifications.
        (await SnsAsync("unsubscribe", "--subscription-arn", subscriptionArn)).ShouldSucceed();
        var goodbye = await _subscriber.NextAsync();
        Assert.Equal("UnsubscribeConfirmation", goodbye.Type);
        Assert.Equal(subscriptionArn, goodbye.Headers["x-amz-sns-subscription-arn"]);
        Assert.Contains($"You have chosen to deactivate subscription {subscriptionArn}.", goodbye.Member("Message"), StringComparison.Ordinal);
        await SnsSubscriber.VerifyAsync(goodbye);
        Assert.Equal(0, (await SnsAsync("list-subscriptions-by-topic", "--topic-arn", topicArn!)).ShouldSucceed().Json.GetProperty("Subscriptions").GetArrayLength());
        Assert.Equal("1", (await AttributesAsync(topicArn!))["SubscriptionsDeleted"]);
        (await SnsAsync("publish", "--topic-arn", topicArn!, "--message", "after")).ShouldSucceed();
        await _subscriber.AssertNothingArrivesAsync(TimeSpan.FromSeconds(1));

        // The UnsubscribeConfirmation's SubscribeURL restores the subscription, as on SNS.
        (await _unsigned.GetAsync(goodbye.Member("SubscribeURL"))).EnsureSuccessStatusCode();
        (await SnsAsync("publish", "--topic-arn", topicArn!, "--message", "back")).ShouldSucceed();
        Assert.Equal("back", (await _subscriber.NextAsync("Notification")).Member("Message"));

        // The UnsubscribeURL of a notification is an unsigned GET too.
        var unsubscribe = await _unsigned.GetAsync(notification.Member("UnsubscribeURL"));
        await unsubscribe.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(0, (await SnsAsync("list-subscriptions-by-topic", "--topic-arn", topicArn!)).ShouldSucceed().Json.GetProperty("Subscriptions").GetArrayLength());

        // Deleting the topic; twice is fine, as on SNS.
        (await SnsAsync("delete-topic", "--topic-arn", topicArn!)).ShouldSucceed();
        (await SnsAsync("delete-topic", "--topic-arn", topicArn!)).ShouldSucceed();
        Assert.Equal("Topic does not exist", (await SnsAsync("get-topic-attributes", "--topic-arn", topicArn!)).ShouldFailWith("NotFound", "GetTopicAttributes"));
    }

    [Fact]
    public async Task GivenASignedConfirmationAskingForIt_WhenTheUnsubscribeUrlIsVisited_ThenOnlyASignedUnsubscribeWorks()
    {
        var topicArn = (await SnsAsync("create-topic", "--name", "guarded")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        var subscribed = (await SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "http", "--notification-endpoint", _subscriber.Endpoint,
            "--return-subscription-arn")).ShouldSucceed().Json.GetProperty("SubscriptionArn").GetString()!;
        Assert.StartsWith(topicArn + ":", subscribed, StringComparison.Ordinal);
        var pending = (await SnsAsync("get-subscription-attributes", "--subscription-arn", subscribed)).ShouldSucceed().Json.GetProperty("Attributes");
        Assert.Equal("true", pending.GetProperty("PendingConfirmation").GetString());
        var token = (await _subscriber.NextAsync("SubscriptionConfirmation")).Member("Token");

        var confirmed = (await SnsAsync("confirm-subscription", "--topic-arn", topicArn, "--token", token, "--authenticate-on-unsubscribe", "true"))
            .ShouldSucceed().Json.GetProperty("SubscriptionArn").GetString();
        Assert.Equal(subscribed, confirmed);
        var attributes = (await SnsAsync("get-subscription-attributes", "--subscription-arn", subscribed)).ShouldSucceed().Json.GetProperty("Attributes");
        Assert.Equal(("false", "true"), (attributes.GetProperty("PendingConfirmation").GetString(), attributes.GetProperty("ConfirmationWasAuthenticated").GetString()));
        Assert.Equal(_subscriber.Endpoint, attributes.GetProperty("Endpoint").GetString());
        Assert.Equal("Subscription does not exist",
            (await SnsAsync("get-subscription-attributes", "--subscription-arn", topicArn + ":00000000-0000-0000-0000-000000000000")).ShouldFailWith("NotFound", "GetSubscriptionAttributes"));

        using var refused = await _unsigned.GetAsync(new Uri(_server.BaseAddress, $"/?Action=Unsubscribe&SubscriptionArn={subscribed}"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("AuthorizationError", XDocument.Parse(await refused.Content.ReadAsStringAsync()).Descendants(Sns + "Code").Single().Value);
        (await SnsAsync("unsubscribe", "--subscription-arn", subscribed)).ShouldSucceed();
        Assert.Equal(0, (await SnsAsync("list-subscriptions-by-topic", "--topic-arn", topicArn)).ShouldSucceed().Json.GetProperty("Subscriptions").GetArrayLength());
    }

    [Fact]
    public async Task GivenATaggedTopic_WhenTagsChange_ThenListTagsForResourceShowsThem()
    {
        var topicArn = (await SnsAsync("create-topic", "--name", "tagged", "--tags", "Key=team,Value=ops")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        (await SnsAsync("tag-resource", "--resource-arn", topicArn, "--tags", "Key=team,Value=sre", "Key=tier,Value=1")).ShouldSucceed();
        (await SnsAsync("untag-resource", "--resource-arn", topicArn, "--tag-keys", "tier")).ShouldSucceed();
        var tags = (await SnsAsync("list-tags-for-resource", "--resource-arn", topicArn)).ShouldSucceed().Json.GetProperty("Tags");
        Assert.Equal([("team", "sre")], tags.EnumerateArray().Select(t => (t.GetProperty("Key").GetString(), t.GetProperty("Value").GetString())));
        Assert.Equal("Resource does not exist",
            (await SnsAsync("list-tags-for-resource", "--resource-arn", TopicArn("untagged"))).ShouldFailWith("ResourceNotFound", "ListTagsForResource"));
        Assert.Equal("Invalid parameter: Tags Reason: Topic already exists with different tags",
            (await SnsAsync("create-topic", "--name", "tagged", "--tags", "Key=team,Value=ops")).ShouldFailWith("InvalidParameter", "CreateTopic"));
    }

    [Fact]
    public async Task GivenASubscriberThatFailsFirst_WhenAMessageIsPublished_ThenItIsRetriedOnTheDeliveryPolicy()
    {
        var topicArn = (await SnsAsync("create-topic", "--name", "retries")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        (await SnsAsync("set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "DeliveryPolicy", "--attribute-value",
            """{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":3}}}""")).ShouldSucceed();
        var attributes = await AttributesAsync(topicArn);
        Assert.Contains("\"minDelayTarget\":1", attributes["EffectiveDeliveryPolicy"], StringComparison.Ordinal);
        Assert.Contains("DeliveryPolicy", attributes.Keys);
        (await SnsAsync("set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "SignatureVersion", "--attribute-value", "2")).ShouldSucceed();
        await SubscribeAndConfirmAsync(topicArn);

        _subscriber.FailNext(2);
        var messageId = (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "again")).ShouldSucceed().Json.GetProperty("MessageId").GetString();
        var attempts = new[] { await _subscriber.NextAsync("Notification"), await _subscriber.NextAsync("Notification"), await _subscriber.NextAsync("Notification") };
        Assert.All(attempts, a => Assert.Equal(messageId, a.Member("MessageId")));
        Assert.Equal("2", attempts[0].Member("SignatureVersion"));
        await SnsSubscriber.VerifyAsync(attempts[2]); // SHA256withRSA
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(attempts[1].At - attempts[0].At).TotalSeconds} s");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(0.9), $"retried after {(attempts[2].At - attempts[1].At).TotalSeconds} s");
        // The third attempt was answered 200: no fourth.
        await _subscriber.AssertNothingArrivesAsync(TimeSpan.FromSeconds(2));
        // Failures are logged, with the endpoint's address but not its path (which may carry a secret).
        Assert.Contains("failed (HTTP 500); retry 1 of 3", _server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("/sns/hook", _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenBadRequests_WhenTheCliSendsThem_ThenSnsErrorsNameTheProblem()
    {
        var topicArn = (await SnsAsync("create-topic", "--name", "errors")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        var missing = TopicArn("missing");
        Assert.Equal("Topic does not exist", (await SnsAsync("get-topic-attributes", "--topic-arn", missing)).ShouldFailWith("NotFound", "GetTopicAttributes"));
        Assert.Equal("Topic does not exist", (await SnsAsync("publish", "--topic-arn", missing, "--message", "x")).ShouldFailWith("NotFound", "Publish"));
        Assert.Equal("Topic does not exist",
            (await SnsAsync("subscribe", "--topic-arn", missing, "--protocol", "http", "--notification-endpoint", _subscriber.Endpoint)).ShouldFailWith("NotFound", "Subscribe"));
        Assert.Equal("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1",
            (await SnsAsync("get-topic-attributes", "--topic-arn", "alarms")).ShouldFailWith("InvalidParameter", "GetTopicAttributes"));
        Assert.Equal("Invalid parameter: Topic Name", (await SnsAsync("create-topic", "--name", "no spaces")).ShouldFailWith("InvalidParameter", "CreateTopic"));
        Assert.Equal("Invalid parameter: Attributes Reason: Topic already exists with different attributes",
            (await SnsAsync("create-topic", "--name", "errors", "--attributes", "DisplayName=Other")).ShouldFailWith("InvalidParameter", "CreateTopic"));
        Assert.Equal("Invalid parameter: Amazon SNS does not support this protocol string: ftp",
            (await SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "ftp", "--notification-endpoint", "ftp://x")).ShouldFailWith("InvalidParameter", "Subscribe"));
        Assert.Equal("Invalid parameter: Protocol Reason: Gatehouse does not support the protocol sqs (only http and https) yet",
            (await SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", "arn:aws:sqs:us-east-1:000000000000:q")).ShouldFailWith("InvalidParameter", "Subscribe"));
        Assert.Equal("Invalid parameter: Endpoint must match the specified protocol",
            (await SnsAsync("subscribe", "--topic-arn", topicArn, "--protocol", "http", "--notification-endpoint", "https://example.com/")).ShouldFailWith("InvalidParameter", "Subscribe"));
        Assert.Equal("Invalid parameter: Subject",
            (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "x", "--subject", new string('s', 100))).ShouldFailWith("InvalidParameter", "Publish"));
        Assert.Equal("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1",
            (await SnsAsync("unsubscribe", "--subscription-arn", "pending confirmation")).ShouldFailWith("InvalidParameter", "Unsubscribe"));
        Assert.Equal("Invalid parameter: Token",
            (await SnsAsync("confirm-subscription", "--topic-arn", topicArn, "--token", "0123")).ShouldFailWith("InvalidParameter", "ConfirmSubscription"));
        Assert.Equal("Invalid parameter: AttributeName",
            (await SnsAsync("set-topic-attributes", "--topic-arn", topicArn, "--attribute-name", "Color", "--attribute-value", "red")).ShouldFailWith("InvalidParameter", "SetTopicAttributes"));

        // 256 KiB is the limit, message and attributes together.
        var big = Path.Combine(_server.DataDirectory, "big.txt");
        await File.WriteAllTextAsync(big, new string('m', 256 * 1024));
        (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "file://" + big)).ShouldSucceed();
        await File.WriteAllTextAsync(big, new string('m', (256 * 1024) + 1));
        Assert.Equal("Invalid parameter: Message too long",
            (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "file://" + big)).ShouldFailWith("InvalidParameter", "Publish"));

        // What the CLI refuses to send, a signed request may still lack: SNS names the missing parameter.
        using var signed = new HttpClient(new SigV4SigningHandler(new SigV4Signer("test", "test", "us-east-1", "sns"))
        {
            InnerHandler = new SocketsHttpHandler { UseProxy = false },
        });
        async Task<(HttpStatusCode Status, string Code, string Message)> PostAsync(string form)
        {
            using var response = await signed.PostAsync(_server.BaseAddress, new StringContent(form + "&Version=2010-03-31", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(Sns + "Error").Single();
            return (response.StatusCode, error.Element(Sns + "Code")!.Value, error.Element(Sns + "Message")!.Value);
        }

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: Name Reason: no value for required parameter"), await PostAsync("Action=CreateTopic"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: Empty message"), await PostAsync($"Action=Publish&TopicArn={topicArn}"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"),
            await PostAsync("Action=Publish&Message=x"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter", "Invalid parameter: Protocol Reason: no value for required parameter"),
            await PostAsync($"Action=Subscribe&TopicArn={topicArn}"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidAction", "Could not find operation Nope for version 2010-03-31"), await PostAsync("Action=Nope"));

        // Only the subscriber's GETs are let through unsigned.
        using var listTopics = await _unsigned.GetAsync(new Uri(_server.BaseAddress, "/?Action=ListTopics"));
        Assert.Equal(HttpStatusCode.Forbidden, listTopics.StatusCode);
        using var wrongCertificate = await _unsigned.GetAsync(new Uri(_server.BaseAddress, "/SimpleNotificationService-00000000000000000000000000000000.pem"));
        Assert.Equal(HttpStatusCode.NotFound, wrongCertificate.StatusCode);
        Assert.True(_server.IsRunning);
    }

    [Fact]
    public async Task GivenTopicsAndSubscriptions_WhenGatehouseRestarts_ThenTheyAndTheSigningKeyRemain()
    {
        var topicArn = (await SnsAsync("create-topic", "--name", "durable", "--attributes", "DisplayName=Durable")).ShouldSucceed().Json.GetProperty("TopicArn").GetString()!;
        var subscriptionArn = await SubscribeAndConfirmAsync(topicArn);
        (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "before")).ShouldSucceed();
        var certificateBefore = await SnsSubscriber.VerifyAsync(await _subscriber.NextAsync("Notification"));

        await _server.RestartAsync();

        Assert.Contains(topicArn, (await SnsAsync("list-topics")).ShouldSucceed().Json.GetProperty("Topics").EnumerateArray().Select(t => t.GetProperty("TopicArn").GetString()));
        Assert.Equal("Durable", (await AttributesAsync(topicArn))["DisplayName"]);
        var subscription = (await SnsAsync("list-subscriptions-by-topic", "--topic-arn", topicArn)).ShouldSucceed().Json.GetProperty("Subscriptions")[0];
        Assert.Equal(subscriptionArn, subscription.GetProperty("SubscriptionArn").GetString());
        (await SnsAsync("publish", "--topic-arn", topicArn, "--message", "after")).ShouldSucceed();
        var after = await _subscriber.NextAsync("Notification");
        Assert.Equal("after", after.Member("Message"));
        // The subscription points at the address it was made on; the certificate (same key) is served at the new one.
        Assert.Equal(certificateBefore, await SnsSubscriber.VerifyAsync(after, _server.BaseAddress));
    }
}
