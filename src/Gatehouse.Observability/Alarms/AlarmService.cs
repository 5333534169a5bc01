using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Metrics;
using Gatehouse.Observability.Notifications;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Alarms;

/// <summary>Where alarms live: the region and account of their ARNs and notifications.</summary>
public sealed record AlarmServiceOptions(string Region, string AccountId);

/// <summary>
/// Metric alarms: their configuration (PutMetricAlarm, DeleteAlarms, Enable/DisableAlarmActions), their state (each
/// evaluation, SetAlarmState) with history, and their actions: on a change of state with actions enabled, every SNS
/// topic among the new state's actions gets CloudWatch's notification; failures become Action history items.
/// Changes are serialized here, so an evaluation never overwrites a configuration written meanwhile.
/// </summary>
public sealed partial class AlarmService(
    AlarmStore store,
    IMetricStatistics statistics,
    INotificationPublisher? publisher,
    TimeProvider time,
    AlarmServiceOptions options,
    ILogger<AlarmService> logger) : IDisposable
{
    /// <summary>How long CloudWatch keeps alarm history.</summary>
    public static readonly TimeSpan HistoryRetention = TimeSpan.FromDays(30);

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public AlarmStore Store => store;

    public string ArnOf(string alarmName) => $"arn:aws:cloudwatch:{options.Region}:{options.AccountId}:alarm:{alarmName}";

    /// <summary>
    /// Creates the alarm (in INSUFFICIENT_DATA) or replaces the configuration of the one with its name, keeping its
    /// state, as PutMetricAlarm does; the state and timestamps of <paramref name="configuration"/> are ignored.
    /// </summary>
    public async Task<MetricAlarm> PutAsync(MetricAlarm configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = Now();
            var existing = await store.GetAsync(configuration.AlarmName, cancellationToken);
            var alarm = existing is null
                ? configuration with
                {
                    AlarmArn = ArnOf(configuration.AlarmName),
                    AlarmConfigurationUpdatedTimestamp = now,
                    StateValue = AlarmStates.InsufficientData,
                    StateReason = "Unchecked: Initial alarm creation",
                    StateReasonData = null,
                    StateUpdatedTimestamp = now,
                    StateTransitionedTimestamp = now,
                }
                : configuration with
                {
                    AlarmArn = existing.AlarmArn,
                    AlarmConfigurationUpdatedTimestamp = now,
                    StateValue = existing.StateValue,
                    StateReason = existing.StateReason,
                    StateReasonData = existing.StateReasonData,
                    StateUpdatedTimestamp = existing.StateUpdatedTimestamp,
                    StateTransitionedTimestamp = existing.StateTransitionedTimestamp,
                };
            var data = Json(writer =>
            {
                writer.WriteString("version", "1.0");
                writer.WriteString("type", existing is null ? "Create" : "Update");
                writer.WritePropertyName(existing is null ? "createdAlarm" : "updatedAlarm");
                AlarmDocument.Write(writer, alarm, withState: false);
                if (existing is not null)
                {
                    writer.WritePropertyName("originalAlarm");
                    AlarmDocument.Write(writer, existing, withState: false);
                }
            });
            var summary = $"Alarm \"{alarm.AlarmName}\" {(existing is null ? "created" : "updated")}";
            await store.SaveAsync([alarm], [new AlarmHistoryItem(alarm.AlarmName, now, HistoryItemTypes.ConfigurationUpdate, summary, data)], cancellationToken);
            return alarm;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the alarms, all or none: returns the names that do not exist (nothing is deleted then).</summary>
    public async Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await store.DeleteAsync(alarmNames, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Turns the actions of the named alarms on or off; names of no alarm are skipped, as CloudWatch does.</summary>
    public async Task SetActionsEnabledAsync(IReadOnlyList<string> alarmNames, bool enabled, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var changed = new List<MetricAlarm>();
            foreach (var name in alarmNames.Distinct(StringComparer.Ordinal))
            {
                if (await store.GetAsync(name, cancellationToken) is { } alarm && alarm.ActionsEnabled != enabled)
                {
                    changed.Add(alarm with { ActionsEnabled = enabled });
                }
            }

            await store.SaveAsync(changed, [], cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// SetAlarmState: puts the alarm in <paramref name="state"/> with the caller's reason, running the state's actions
    /// when the state changes. False when there is no such alarm.
    /// </summary>
    public async Task<bool> SetStateAsync(string alarmName, string state, string reason, string? reasonData, CancellationToken cancellationToken)
    {
        var alarm = await store.GetAsync(alarmName, cancellationToken);
        if (alarm is null)
        {
            return false;
        }

        await TransitionAsync(alarm, new AlarmEvaluationResult(state, reason, reasonData ?? ""), cancellationToken);
        return true;
    }

    /// <summary>Evaluates every alarm once, now; a failure of one alarm is logged and does not stop the others.</summary>
    public async Task EvaluateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var alarm in await store.ListAsync(cancellationToken))
        {
            try
            {
                var now = Now();
                var (start, end) = AlarmEvaluation.Range(alarm, now);
                IReadOnlyList<double> percentiles = alarm.ExtendedStatistic is { } p ? [double.Parse(p[1..], System.Globalization.CultureInfo.InvariantCulture)] : [];
                var periods = await statistics.GetStatisticsAsync(
                    new StatisticsQuery(alarm.Metric, start, end, alarm.Period, percentiles, alarm.Unit), cancellationToken);
                if (AlarmEvaluation.Evaluate(alarm, periods, now) is { } result)
                {
                    await TransitionAsync(alarm, result, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogEvaluationFailed(logger, e, alarm.AlarmName);
            }
        }
    }

    /// <summary>Deletes history items older than CloudWatch keeps them.</summary>
    public Task<int> SweepHistoryAsync(CancellationToken cancellationToken) =>
        store.SweepHistoryAsync(Now() - HistoryRetention, cancellationToken);

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Moves <paramref name="evaluated"/> (as it was when evaluated) to the result's state, unless its configuration
    /// changed meanwhile; records the StateUpdate and runs the actions when the state value changes.
    /// </summary>
    private async Task TransitionAsync(MetricAlarm evaluated, AlarmEvaluationResult result, CancellationToken cancellationToken)
    {
        MetricAlarm updated;
        string oldState;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await store.GetAsync(evaluated.AlarmName, cancellationToken);
            if (current is null || current.AlarmConfigurationUpdatedTimestamp != evaluated.AlarmConfigurationUpdatedTimestamp)
            {
                return;
            }

            var now = Now();
            oldState = current.StateValue;
            var changed = oldState != result.State;
            updated = current with
            {
                StateValue = result.State,
                StateReason = result.Reason,
                StateReasonData = result.ReasonData.Length == 0 ? null : result.ReasonData,
                StateUpdatedTimestamp = now,
                StateTransitionedTimestamp = changed ? now : current.StateTransitionedTimestamp,
            };
            if (!changed)
            {
                await store.SaveAsync([updated], [], cancellationToken);
                return;
            }

            var data = Json(writer =>
            {
                writer.WriteString("version", "1.0");
                WriteState(writer, "oldState", current);
                WriteState(writer, "newState", updated);
            });
            await store.SaveAsync(
                [updated],
                [new AlarmHistoryItem(updated.AlarmName, now, HistoryItemTypes.StateUpdate, $"Alarm updated from {oldState} to {updated.StateValue}", data)],
                cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        if (updated.ActionsEnabled)
        {
            await RunActionsAsync(updated, oldState, cancellationToken);
        }
    }

    private async Task RunActionsAsync(MetricAlarm alarm, string oldState, CancellationToken cancellationToken)
    {
        var actions = alarm.ActionsFor(alarm.StateValue);
        if (actions.Count == 0)
        {
            return;
        }

        var message = AlarmNotification.Message(alarm, oldState, options.AccountId, options.Region);
        var subject = AlarmNotification.Subject(alarm, options.Region);
        var history = new List<AlarmHistoryItem>();
        foreach (var action in actions)
        {
            string? error = null;
            try
            {
                if (publisher is null)
                {
                    error = "SNS is not available on this Gatehouse";
                }
                else
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(PublishTimeout);
                    await publisher.PublishAsync(action, subject, message, timeout.Token);
                }
            }
            catch (KeyNotFoundException)
            {
                error = $"Topic {action} does not exist";
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                error = e.Message;
                LogActionFailed(logger, e, alarm.AlarmName, action);
            }

            var data = Json(writer =>
            {
                writer.WriteString("actionState", error is null ? "Succeeded" : "Failed");
                writer.WriteNumber("stateUpdateTimestamp", alarm.StateUpdatedTimestamp.ToUnixTimeMilliseconds());
                if (error is null)
                {
                    writer.WriteString("notificationResource", action);
                    writer.WriteString("publishedMessage", message);
                }
                else
                {
                    writer.WriteString("error", error);
                }
            });
            var summary = error is null ? $"Successfully executed action {action}" : $"Failed to execute action {action}. Received error: \"{error}\"";
            history.Add(new AlarmHistoryItem(alarm.AlarmName, Now(), HistoryItemTypes.Action, summary, data));
        }

        try
        {
            await store.AppendHistoryAsync(history, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogActionFailed(logger, e, alarm.AlarmName, "history");
        }
    }

    private static void WriteState(Utf8JsonWriter writer, string name, MetricAlarm alarm)
    {
        writer.WriteStartObject(name);
        writer.WriteString("stateValue", alarm.StateValue);
        writer.WriteString("stateReason", alarm.StateReason);
        if (alarm.StateReasonData is { } data)
        {
            try
            {
                using var parsed = JsonDocument.Parse(data);
                writer.WritePropertyName("stateReasonData");
                parsed.RootElement.WriteTo(writer);
            }
            catch (JsonException)
            {
                writer.WriteString("stateReasonData", data);
            }
        }

        writer.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AlarmFormat.JsonOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Now, to the millisecond (what the store keeps).</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating alarm {AlarmName} failed")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, string alarmName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {AlarmName}: action {Action} failed")]
    private static partial void LogActionFailed(ILogger logger, Exception exception, string alarmName, string action);
}
