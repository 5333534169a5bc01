using System.Net;
using System.Text;
using System.Xml.Linq;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sns;
using Gatehouse.Observability.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.ControlPlane.Sns;

public sealed class SnsQueryServiceTests : IAsyncLifetime
{
    private static readonly XNamespace Ns = SnsQueryService.Namespace;
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-sns-service-").FullName;
    private SnsStore _store = null!;
    private SnsSigningKey _key = null!;
    private SnsHttpDelivery _delivery = null!;
    private SnsQueryService _sns = null!;

    private sealed class AcceptingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }

    public async Task InitializeAsync()
    {
        _store = SnsStore.InDirectory(_directory, TimeProvider.System);
        await _store.InitializeAsync(default);
        _key = SnsSigningKey.LoadOrCreate(_directory);
        _delivery = new SnsHttpDelivery(new AcceptingHandler(), NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System);
        _sns = new SnsQueryService(_store, new SnsPublisher(_store, _key, _delivery, TimeProvider.System), new ControlPlaneOptions());
    }

    public async Task DisposeAsync()
    {
        await _delivery.DisposeAsync();
        _key.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs an action and returns its answer as the query protocol writes it.</summary>
    private async Task<XElement> CallAsync(string action, string form = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:8080");
        var result = await _sns.InvokeAsync(new QueryCall(action, QueryRequest.Parse($"Action={action}&Version=2010-03-31&{form}"), null, context), default);
        var xml = XDocument.Parse(Encoding.UTF8.GetString(QueryResponses.Success(action, _sns.XmlNamespace, "r", result)));
        return xml.Root!.Element(Ns + action + "Result") ?? new XElement("none");
    }

    [Fact]
    public async Task ListTopics_MoreThanAPage_PagesByHundredWithNextToken()
    {
        for (var i = 0; i < 101; i++)
        {
            await CallAsync("CreateTopic", $"Name=t{i:D3}");
        }

        var first = await CallAsync("ListTopics");
        Assert.Equal(100, first.Descendants(Ns + "TopicArn").Count());
        var token = first.Element(Ns + "NextToken")!.Value;
        var second = await CallAsync("ListTopics", "NextToken=" + Uri.EscapeDataString(token));
        Assert.Equal(["arn:aws:sns:us-east-1:000000000000:t100"], second.Descendants(Ns + "TopicArn").Select(e => e.Value));
        Assert.Null(second.Element(Ns + "NextToken"));
    }

    [Fact]
    public async Task Subscribe_PendingOrConfirmed_AnswersAsSns()
    {
        var topic = (await CallAsync("CreateTopic", "Name=t")).Element(Ns + "TopicArn")!.Value;
        var subscribe = $"TopicArn={topic}&Protocol=http&Endpoint=http%3A%2F%2Fhook.test%2F";
        Assert.Equal(SnsQueryService.PendingConfirmation, (await CallAsync("Subscribe", subscribe)).Element(Ns + "SubscriptionArn")!.Value);
        var arn = (await CallAsync("Subscribe", subscribe + "&ReturnSubscriptionArn=true")).Element(Ns + "SubscriptionArn")!.Value;
        Assert.StartsWith(topic + ":", arn, StringComparison.Ordinal);
        Assert.Single(await _store.ListSubscriptionsAsync(topic, null, 10, default)); // the same endpoint is one subscription

        var subscription = (await _store.GetSubscriptionAsync(arn, default))!;
        await _store.ConfirmAsync(topic, await _store.CreateTokenAsync(subscription, default), false, false, default);
        Assert.Equal(arn, (await CallAsync("Subscribe", subscribe)).Element(Ns + "SubscriptionArn")!.Value);
        var attributes = (await CallAsync("GetTopicAttributes", "TopicArn=" + topic)).Descendants(Ns + "entry")
            .ToDictionary(e => e.Element(Ns + "key")!.Value, e => e.Element(Ns + "value")!.Value);
        Assert.Equal(("1", "0"), (attributes["SubscriptionsConfirmed"], attributes["SubscriptionsPending"]));
    }

    [Fact]
    public async Task SetTopicAttributes_EmptyPolicy_RestoresTheDefault()
    {
        var topic = (await CallAsync("CreateTopic", "Name=p&Attributes.entry.1.key=Policy&Attributes.entry.1.value=%7B%7D")).Element(Ns + "TopicArn")!.Value;
        string Policy(XElement result) => result.Descendants(Ns + "entry").Single(e => e.Element(Ns + "key")!.Value == "Policy").Element(Ns + "value")!.Value;
        Assert.Equal("{}", Policy(await CallAsync("GetTopicAttributes", "TopicArn=" + topic)));
        await CallAsync("SetTopicAttributes", $"TopicArn={topic}&AttributeName=Policy&AttributeValue=");
        Assert.Contains("__default_policy_ID", Policy(await CallAsync("GetTopicAttributes", "TopicArn=" + topic)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Publish", "TopicArn=arn:aws:sns:us-east-1:000000000000:t&Message=x&PhoneNumber=%2B15555550100", "Invalid parameter: PhoneNumber Reason: Gatehouse does not support SMS yet")]
    [InlineData("Publish", "TopicArn=arn:aws:sns:us-east-1:000000000000:t&Message=x&MessageGroupId=g", "Invalid parameter: MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type")]
    [InlineData("Publish", "TopicArn=arn:aws:sns:us-east-1:000000000000:t&Message=%7B%7D&MessageStructure=json", "Invalid parameter: Message Structure - No default entry in JSON message body")]
    [InlineData("Publish", "TopicArn=arn:aws:sns:us-east-1:000000000000:t&Message=nope&MessageStructure=json", "Invalid parameter: Message Structure - JSON message body failed to parse")]
    [InlineData("Subscribe", "TopicArn=arn:aws:sns:us-east-1:000000000000:t&Protocol=http&Endpoint=http%3A%2F%2Fh.test%2F&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true",
        "Invalid parameter: Attributes Reason: Gatehouse does not support the subscription attribute RawMessageDelivery yet")]
    [InlineData("CreateTopic", "Name=t&DataProtectionPolicy=%7B%7D", "Invalid parameter: DataProtectionPolicy Reason: Gatehouse does not support data protection policies yet")]
    public async Task Invoke_UnsupportedOrInvalid_IsInvalidParameter(string action, string form, string expected)
    {
        await CallAsync("CreateTopic", "Name=t");
        var error = await Assert.ThrowsAsync<AwsException>(() => CallAsync(action, form));
        Assert.Equal(("InvalidParameter", expected), (error.ErrorType, error.Message));
    }
}
