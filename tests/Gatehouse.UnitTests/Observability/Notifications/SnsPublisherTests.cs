using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Gatehouse.Observability.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Observability.Notifications;

public sealed class SnsPublisherTests : IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:alarms";
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-sns-publisher-").FullName;
    private readonly RecordingHandler _handler = new();
    private SnsStore _store = null!;
    private SnsSigningKey _key = null!;
    private SnsHttpDelivery _delivery = null!;
    private SnsPublisher _publisher = null!;

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public BlockingCollection<(HttpRequestMessage Request, string Body)> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    public async Task InitializeAsync()
    {
        _store = SnsStore.InDirectory(_directory, TimeProvider.System);
        await _store.InitializeAsync(default);
        _key = SnsSigningKey.LoadOrCreate(_directory);
        _delivery = new SnsHttpDelivery(_handler, NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System);
        _publisher = new SnsPublisher(_store, _key, _delivery, TimeProvider.System);
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
    }

    public async Task DisposeAsync()
    {
        await _delivery.DisposeAsync();
        _key.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<SnsSubscription> SubscribeAsync(string endpoint, bool confirmed)
    {
        var subscription = new SnsSubscription
        {
            Arn = Topic + ":" + Guid.NewGuid(),
            TopicArn = Topic,
            Protocol = "http",
            Endpoint = endpoint,
            Owner = "000000000000",
            ServiceUrl = "http://gatehouse.test:8080",
        };
        await _store.AddSubscriptionAsync(subscription, default);
        if (confirmed)
        {
            await _store.ConfirmAsync(Topic, await _store.CreateTokenAsync(subscription, default), false, false, default);
        }

        return subscription;
    }

    [Fact]
    public async Task PublishAsync_AlarmAction_NotifiesConfirmedSubscriptionsOnly()
    {
        var confirmed = await SubscribeAsync("http://confirmed.test/hook", confirmed: true);
        await SubscribeAsync("http://pending.test/hook", confirmed: false);

        INotificationPublisher alarms = _publisher;
        var messageId = await alarms.PublishAsync(Topic, "ALARM: \"5xx\" in US East (N. Virginia)", "{\"NewStateValue\":\"ALARM\"}", default);

        Assert.True(_handler.Received.TryTake(out var received, TimeSpan.FromSeconds(10)));
        Assert.Equal("http://confirmed.test/hook", received.Request.RequestUri!.ToString());
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal(messageId, body.RootElement.GetProperty("MessageId").GetString());
        Assert.Equal("ALARM: \"5xx\" in US East (N. Virginia)", body.RootElement.GetProperty("Subject").GetString());
        Assert.Equal($"http://gatehouse.test:8080/?Action=Unsubscribe&SubscriptionArn={confirmed.Arn}", body.RootElement.GetProperty("UnsubscribeURL").GetString());
        Assert.Equal($"http://gatehouse.test:8080/{_key.CertificateFileName}", body.RootElement.GetProperty("SigningCertURL").GetString());
        Assert.False(_handler.Received.TryTake(out _, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task PublishAsync_UnknownTopic_ThrowsKeyNotFound()
    {
        INotificationPublisher alarms = _publisher;
        await Assert.ThrowsAsync<KeyNotFoundException>(() => alarms.PublishAsync(Topic + "-gone", null, "x", default));
    }

    [Fact]
    public async Task PublishAsync_MessageStructureJson_SendsTheHttpEntry()
    {
        await SubscribeAsync("http://confirmed.test/hook", confirmed: true);
        await _publisher.PublishAsync(new SnsPublication
        {
            TopicArn = Topic,
            Message = "default text",
            MessagesByProtocol = new Dictionary<string, string> { ["default"] = "default text", ["http"] = "for http" },
        }, default);

        Assert.True(_handler.Received.TryTake(out var received, TimeSpan.FromSeconds(10)));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("for http", body.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task SendSubscriptionConfirmation_Always_PointsTheSubscribeUrlAtGatehouse()
    {
        var subscription = await SubscribeAsync("http://new.test/hook", confirmed: false);
        var topic = (await _store.GetTopicAsync(Topic, default))!;
        _publisher.SendSubscriptionConfirmation(topic, subscription, "tok");

        Assert.True(_handler.Received.TryTake(out var received, TimeSpan.FromSeconds(10)));
        Assert.False(received.Request.Headers.Contains("x-amz-sns-subscription-arn"));
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal($"http://gatehouse.test:8080/?Action=ConfirmSubscription&TopicArn={Topic}&Token=tok", body.RootElement.GetProperty("SubscribeURL").GetString());
        Assert.Equal("tok", body.RootElement.GetProperty("Token").GetString());
    }
}
