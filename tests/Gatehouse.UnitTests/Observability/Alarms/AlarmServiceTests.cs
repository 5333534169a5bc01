using System.Text.Json;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;
using Gatehouse.Observability.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Observability.Alarms;

public sealed class AlarmServiceTests : IDisposable
{
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:ops";
    private static readonly MetricKey Errors = new("App", "Errors", [new MetricDimension("Api", "a1")]);

    private readonly TempCloudWatchDatabase _database = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 10, TimeSpan.Zero));
    private readonly FakePublisher _publisher = new();
    private readonly MetricStore _metrics;
    private readonly AlarmService _alarms;

    public AlarmServiceTests()
    {
        _metrics = new MetricStore(_database.Open(), _time);
        _alarms = NewService();
    }

    public void Dispose()
    {
        _alarms.Dispose();
        _database.Dispose();
    }

    private AlarmService NewService() =>
        new(new AlarmStore(_database.Open()), _metrics, _publisher, _time, new AlarmServiceOptions("us-east-1", "000000000000"), NullLogger<AlarmService>.Instance);

    private MetricAlarm Definition(string name = "errors", bool actionsEnabled = true) => new()
    {
        AlarmName = name,
        AlarmArn = "",
        AlarmDescription = "too many errors",
        AlarmConfigurationUpdatedTimestamp = default,
        ActionsEnabled = actionsEnabled,
        AlarmActions = [Topic],
        OKActions = [Topic],
        Metric = Errors,
        Statistic = "Sum",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 10,
        ComparisonOperator = ComparisonOperators.GreaterThanThreshold,
        StateUpdatedTimestamp = default,
        StateTransitionedTimestamp = default,
    };

    private Task PutErrorsAsync(double sum) =>
        _metrics.WriteAsync([new MetricDatum(Errors, _time.GetUtcNow(), 1, sum, sum, sum, "Count", [new MetricValueCount(sum, 1)])], CancellationToken.None);

    private Task<IReadOnlyList<AlarmHistoryItem>> HistoryAsync(string? type = null) =>
        _alarms.Store.HistoryAsync("errors", type, null, null, oldestFirst: true, CancellationToken.None);

    [Fact]
    public async Task PutAsync_NewAlarm_StartsInInsufficientDataWithCreateHistory()
    {
        var alarm = await _alarms.PutAsync(Definition(), CancellationToken.None);

        Assert.Equal(AlarmStates.InsufficientData, alarm.StateValue);
        Assert.Equal("Unchecked: Initial alarm creation", alarm.StateReason);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors", alarm.AlarmArn);
        var item = Assert.Single(await HistoryAsync());
        Assert.Equal((HistoryItemTypes.ConfigurationUpdate, "Alarm \"errors\" created"), (item.HistoryItemType, item.HistorySummary));
        using var data = JsonDocument.Parse(item.HistoryData);
        Assert.Equal("Create", data.RootElement.GetProperty("type").GetString());
        Assert.Equal("errors", data.RootElement.GetProperty("createdAlarm").GetProperty("alarmName").GetString());
    }

    [Fact]
    public async Task PutAsync_ExistingAlarm_KeepsStateAndRecordsUpdate()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await _alarms.SetStateAsync("errors", AlarmStates.Alarm, "testing", null, CancellationToken.None);

        var updated = await _alarms.PutAsync(Definition() with { Threshold = 20 }, CancellationToken.None);

        Assert.Equal((AlarmStates.Alarm, 20.0), (updated.StateValue, updated.Threshold));
        var item = (await HistoryAsync(HistoryItemTypes.ConfigurationUpdate))[^1];
        Assert.Equal("Alarm \"errors\" updated", item.HistorySummary);
        using var data = JsonDocument.Parse(item.HistoryData);
        Assert.Equal(10.0, data.RootElement.GetProperty("originalAlarm").GetProperty("threshold").GetDouble());
        Assert.Equal(20.0, data.RootElement.GetProperty("updatedAlarm").GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task EvaluateAllAsync_BreachingData_GoesToAlarmAndNotifiesTopic()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await PutErrorsAsync(25);

        await _alarms.EvaluateAllAsync(CancellationToken.None);

        var alarm = (await _alarms.Store.GetAsync("errors", CancellationToken.None))!;
        Assert.Equal(AlarmStates.Alarm, alarm.StateValue);
        Assert.Equal("Threshold Crossed: 1 datapoint [25.0 (25/11/26 12:00:00)] was greater than the threshold (10.0).", alarm.StateReason);
        var published = Assert.Single(_publisher.Messages);
        Assert.Equal(Topic, published.TopicArn);
        Assert.Equal("ALARM: \"errors\" in US East (N. Virginia)", published.Subject);
        var state = Assert.Single(await HistoryAsync(HistoryItemTypes.StateUpdate));
        Assert.Equal("Alarm updated from INSUFFICIENT_DATA to ALARM", state.HistorySummary);
        using (var data = JsonDocument.Parse(state.HistoryData))
        {
            Assert.Equal("INSUFFICIENT_DATA", data.RootElement.GetProperty("oldState").GetProperty("stateValue").GetString());
            Assert.Equal(25.0, data.RootElement.GetProperty("newState").GetProperty("stateReasonData").GetProperty("recentDatapoints")[0].GetDouble());
        }

        var action = Assert.Single(await HistoryAsync(HistoryItemTypes.Action));
        Assert.Equal($"Successfully executed action {Topic}", action.HistorySummary);
        using var actionData = JsonDocument.Parse(action.HistoryData);
        Assert.Equal("Succeeded", actionData.RootElement.GetProperty("actionState").GetString());
        Assert.Equal(published.Message, actionData.RootElement.GetProperty("publishedMessage").GetString());
    }

    [Fact]
    public async Task EvaluateAllAsync_SameStateAgain_DoesNothingMore()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await PutErrorsAsync(25);
        await _alarms.EvaluateAllAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(20));
        await _alarms.EvaluateAllAsync(CancellationToken.None);

        Assert.Single(_publisher.Messages);
        Assert.Single(await HistoryAsync(HistoryItemTypes.StateUpdate));
    }

    [Fact]
    public async Task EvaluateAllAsync_BackBelowThreshold_GoesToOkAndRunsOkActions()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await PutErrorsAsync(25);
        await _alarms.EvaluateAllAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(1));
        await PutErrorsAsync(1);
        await _alarms.EvaluateAllAsync(CancellationToken.None);

        Assert.Equal(AlarmStates.Ok, (await _alarms.Store.GetAsync("errors", CancellationToken.None))!.StateValue);
        Assert.Equal(2, _publisher.Messages.Count);
        Assert.StartsWith("OK: ", _publisher.Messages[1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAllAsync_PublisherFails_RecordsFailedActionAndKeepsGoing()
    {
        _publisher.Failure = new KeyNotFoundException("no topic");
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await PutErrorsAsync(25);

        await _alarms.EvaluateAllAsync(CancellationToken.None);

        Assert.Equal(AlarmStates.Alarm, (await _alarms.Store.GetAsync("errors", CancellationToken.None))!.StateValue);
        var action = Assert.Single(await HistoryAsync(HistoryItemTypes.Action));
        Assert.StartsWith($"Failed to execute action {Topic}", action.HistorySummary, StringComparison.Ordinal);
        using var data = JsonDocument.Parse(action.HistoryData);
        Assert.Equal("Failed", data.RootElement.GetProperty("actionState").GetString());

        _publisher.Failure = new InvalidOperationException("boom");
        _time.Advance(TimeSpan.FromMinutes(1));
        await PutErrorsAsync(1);
        await _alarms.EvaluateAllAsync(CancellationToken.None);
        Assert.Equal(2, (await HistoryAsync(HistoryItemTypes.Action)).Count);
    }

    [Fact]
    public async Task EvaluateAllAsync_ActionsDisabled_ChangesStateWithoutNotifying()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await _alarms.SetActionsEnabledAsync(["errors", "unknown"], enabled: false, CancellationToken.None);
        await PutErrorsAsync(25);

        await _alarms.EvaluateAllAsync(CancellationToken.None);

        Assert.Equal(AlarmStates.Alarm, (await _alarms.Store.GetAsync("errors", CancellationToken.None))!.StateValue);
        Assert.Empty(_publisher.Messages);
        Assert.Empty(await HistoryAsync(HistoryItemTypes.Action));
    }

    [Fact]
    public async Task SetStateAsync_ChangesStateAndRunsActions()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);

        Assert.True(await _alarms.SetStateAsync("errors", AlarmStates.Alarm, "testing", "{\"a\":1}", CancellationToken.None));

        var alarm = (await _alarms.Store.GetAsync("errors", CancellationToken.None))!;
        Assert.Equal((AlarmStates.Alarm, "testing", "{\"a\":1}"), (alarm.StateValue, alarm.StateReason, alarm.StateReasonData));
        Assert.Equal("testing", JsonDocument.Parse(Assert.Single(_publisher.Messages).Message).RootElement.GetProperty("NewStateReason").GetString());
        Assert.False(await _alarms.SetStateAsync("nope", AlarmStates.Ok, "x", null, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_AnyNameUnknown_DeletesNothing()
    {
        await _alarms.PutAsync(Definition("one"), CancellationToken.None);
        await _alarms.PutAsync(Definition("two"), CancellationToken.None);

        Assert.Equal(["three"], await _alarms.DeleteAsync(["one", "three"], CancellationToken.None));
        Assert.Equal(2, (await _alarms.Store.ListAsync(CancellationToken.None)).Count);

        Assert.Empty(await _alarms.DeleteAsync(["one", "two"], CancellationToken.None));
        Assert.Empty(await _alarms.Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Alarms_SurviveRestart()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        await _alarms.SetStateAsync("errors", AlarmStates.Ok, "fine", null, CancellationToken.None);

        using var restarted = NewService();
        var alarm = (await restarted.Store.GetAsync("errors", CancellationToken.None))!;

        Assert.Equal(Definition().Metric, alarm.Metric);
        Assert.Equal((AlarmStates.Ok, "fine", 10.0, "too many errors", 60), (alarm.StateValue, alarm.StateReason, alarm.Threshold, alarm.AlarmDescription, alarm.Period));
        Assert.Equal([Topic], alarm.AlarmActions);
        Assert.Equal(3, (await restarted.Store.HistoryAsync("errors", null, null, null, false, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task SweepHistoryAsync_DeletesItemsOlderThanThirtyDays()
    {
        await _alarms.PutAsync(Definition(), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(31));
        await _alarms.SetStateAsync("errors", AlarmStates.Ok, "fine", null, CancellationToken.None);

        await _alarms.SweepHistoryAsync(CancellationToken.None);

        Assert.Empty(await HistoryAsync(HistoryItemTypes.ConfigurationUpdate));
        Assert.Single(await HistoryAsync(HistoryItemTypes.StateUpdate));
    }

    private sealed class FakePublisher : INotificationPublisher
    {
        public List<(string TopicArn, string? Subject, string Message)> Messages { get; } = [];

        public Exception? Failure { get; set; }

        public Task<string> PublishAsync(string topicArn, string? subject, string message, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Messages.Add((topicArn, subject, message));
            return Task.FromResult(Guid.NewGuid().ToString());
        }
    }
}
