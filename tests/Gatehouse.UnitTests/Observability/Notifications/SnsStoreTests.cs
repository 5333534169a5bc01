using Gatehouse.Observability.Notifications;
using Microsoft.Data.Sqlite;

namespace Gatehouse.UnitTests.Observability.Notifications;

public sealed class SnsStoreTests : IAsyncLifetime
{
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:alarms";
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-sns-store-").FullName;
    private readonly ManualTimeProvider _time = new();
    private SnsStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = SnsStore.InDirectory(_directory, _time);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private static SnsSubscription Subscription(string endpoint = "http://127.0.0.1:9/hook") => new()
    {
        Arn = Topic + ":" + Guid.NewGuid(),
        TopicArn = Topic,
        Protocol = "http",
        Endpoint = endpoint,
        Owner = "000000000000",
        ServiceUrl = "http://127.0.0.1:8080",
    };

    [Fact]
    public async Task CreateTopicAsync_SameArnTwice_KeepsTheFirst()
    {
        var first = await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms", Attributes = new Dictionary<string, string> { ["DisplayName"] = "A" } }, default);
        var second = await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("A", second.Topic.Attributes["DisplayName"]);
    }

    [Fact]
    public async Task Store_NewInstanceOnTheSameFile_SeesEverythingCommitted()
    {
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms", Tags = [new("team", "ops")] }, default);
        var subscription = (await _store.AddSubscriptionAsync(Subscription(), default))!.Value.Subscription;

        var reopened = SnsStore.InDirectory(_directory, _time);
        await reopened.InitializeAsync(default);
        Assert.Equal("ops", (await reopened.GetTopicAsync(Topic, default))!.Tags[0].Value);
        Assert.Equal(subscription, await reopened.GetSubscriptionAsync(subscription.Arn, default));
    }

    [Fact]
    public async Task AddSubscriptionAsync_SameEndpointTwice_ReturnsTheExistingOne()
    {
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        var first = await _store.AddSubscriptionAsync(Subscription(), default);
        var second = await _store.AddSubscriptionAsync(Subscription(), default);
        Assert.True(first!.Value.Created);
        Assert.False(second!.Value.Created);
        Assert.Equal(first.Value.Subscription.Arn, second.Value.Subscription.Arn);
        Assert.Null(await _store.AddSubscriptionAsync(Subscription() with { TopicArn = Topic + "x" }, default));
    }

    [Fact]
    public async Task ConfirmAsync_ValidToken_ConfirmsAndAnotherTopicOrExpiryRefuses()
    {
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        var subscription = (await _store.AddSubscriptionAsync(Subscription(), default))!.Value.Subscription;
        var token = await _store.CreateTokenAsync(subscription, default);

        Assert.Null(await _store.ConfirmAsync(Topic + "x", token, false, false, default));
        Assert.Null(await _store.ConfirmAsync(Topic, "nope", false, false, default));
        var unsigned = await _store.ConfirmAsync(Topic, token, authenticated: false, authenticateOnUnsubscribe: true, default);
        Assert.True(unsigned!.Confirmed);
        Assert.False(unsigned.AuthenticateOnUnsubscribe); // only a signed confirmation may ask for it
        var confirmed = await _store.ConfirmAsync(Topic, token, authenticated: true, authenticateOnUnsubscribe: true, default);
        Assert.True(confirmed!.ConfirmationWasAuthenticated);
        Assert.True(confirmed.AuthenticateOnUnsubscribe);
        Assert.True((await _store.GetSubscriptionAsync(subscription.Arn, default))!.Confirmed);

        _time.Advance(SnsStore.TokenLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(await _store.ConfirmAsync(Topic, token, false, false, default));
    }

    [Fact]
    public async Task ConfirmAsync_TokenOfAnUnsubscribedSubscription_RestoresIt()
    {
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        var subscription = (await _store.AddSubscriptionAsync(Subscription(), default))!.Value.Subscription with { Confirmed = true };
        var removed = await _store.DeleteSubscriptionAsync(subscription.Arn, default);
        Assert.NotNull(removed);
        Assert.Equal(1, (await _store.GetTopicAsync(Topic, default))!.SubscriptionsDeleted);
        var token = await _store.CreateTokenAsync(removed, default);

        var restored = await _store.ConfirmAsync(Topic, token, false, false, default);
        Assert.Equal(subscription.Arn, restored!.Arn);
        Assert.NotNull(await _store.GetSubscriptionAsync(subscription.Arn, default));
    }

    [Fact]
    public async Task DeleteTopicAsync_Topic_RemovesItsSubscriptionsAndTokens()
    {
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        var subscription = (await _store.AddSubscriptionAsync(Subscription(), default))!.Value.Subscription;
        var token = await _store.CreateTokenAsync(subscription, default);

        Assert.True(await _store.DeleteTopicAsync(Topic, default));
        Assert.False(await _store.DeleteTopicAsync(Topic, default));
        Assert.Null(await _store.GetSubscriptionAsync(subscription.Arn, default));
        await _store.CreateTopicAsync(new SnsTopic { Arn = Topic, Name = "alarms" }, default);
        Assert.Null(await _store.ConfirmAsync(Topic, token, false, false, default));
    }

    [Fact]
    public async Task ListTopicsAsync_After_PagesInArnOrder()
    {
        foreach (var name in new[] { "c", "a", "b" })
        {
            await _store.CreateTopicAsync(new SnsTopic { Arn = $"arn:aws:sns:us-east-1:000000000000:{name}", Name = name }, default);
        }

        var first = await _store.ListTopicsAsync(null, 2, default);
        var rest = await _store.ListTopicsAsync(first[^1].Arn, 2, default);
        Assert.Equal(["a", "b"], first.Select(t => t.Name));
        Assert.Equal(["c"], rest.Select(t => t.Name));
    }
}
