using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Logs;
using Gatehouse.Observability.Logs.Filtering;

namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>PutLogEvents, GetLogEvents, FilterLogEvents.</summary>
public sealed partial class CloudWatchLogsService
{
    /// <summary>A batch's bytes: its messages in UTF-8 plus 26 bytes an event.</summary>
    public const int MaxBatchBytes = 1_048_576;
    public const int EventOverheadBytes = 26;
    public const int MaxBatchEvents = 10_000;

    private static readonly long TooNewMilliseconds = (long)TimeSpan.FromHours(2).TotalMilliseconds;
    private static readonly long TooOldMilliseconds = (long)TimeSpan.FromDays(14).TotalMilliseconds;
    private static readonly long MaxSpanMilliseconds = (long)TimeSpan.FromHours(24).TotalMilliseconds;

    private Action<Utf8JsonWriter>? PutLogEvents(LogsRequest request)
    {
        var group = request.GroupName();
        var stream = request.StreamName();
        var items = request.List("logEvents", 1, MaxBatchEvents, required: true);
        var events = new List<InputLogEvent>();
        var bytes = 0L;
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            var e = request.Member(items[i], "logEvents", i);
            var timestamp = e.Long("timestamp", required: true);
            var message = e.String("message", required: true, min: 1);
            if (timestamp is null || message is null)
            {
                continue;
            }

            events.Add(new InputLogEvent(timestamp!.Value, message!));
            bytes += Encoding.UTF8.GetByteCount(message!) + EventOverheadBytes;
        }

        request.ThrowIfInvalid();
        if (bytes > MaxBatchBytes)
        {
            throw LogsErrors.InvalidParameter($"Upload too large: {bytes} bytes exceeds limit of {MaxBatchBytes}");
        }

        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Timestamp < events[i - 1].Timestamp)
            {
                throw LogsErrors.InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
            }
        }

        var info = store.GetGroup(group!) ?? throw LogsErrors.GroupNotFound();
        _ = store.GetStream(group!, stream!) ?? throw LogsErrors.StreamNotFound();

        // Events are in order, so the rejected ones are a run at each end: too old (more than 14 days), expired (past the
        // group's retention) and too new (more than 2 hours ahead). The rest are stored.
        var now = Now;
        var tooOldEnd = 0;
        var expiredEnd = 0;
        var tooNewStart = events.Count;
        var retentionCutoff = LogRetention.Cutoff(info.RetentionInDays, now);
        for (var i = 0; i < events.Count; i++)
        {
            var timestamp = events[i].Timestamp;
            if (timestamp < now - TooOldMilliseconds)
            {
                tooOldEnd = i + 1;
            }

            if (timestamp < retentionCutoff)
            {
                expiredEnd = i + 1;
            }

            if (timestamp > now + TooNewMilliseconds && tooNewStart == events.Count)
            {
                tooNewStart = i;
            }
        }

        var firstValid = Math.Max(tooOldEnd, expiredEnd);
        var accepted = firstValid < tooNewStart ? events.GetRange(firstValid, tooNewStart - firstValid) : [];
        if (accepted.Count > 0 && accepted[^1].Timestamp - accepted[0].Timestamp > MaxSpanMilliseconds)
        {
            throw LogsErrors.InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        if (accepted.Count > 0 && store.PutEvents(group!, stream!, accepted) is var status && status != LogStoreStatus.Ok)
        {
            throw status == LogStoreStatus.GroupNotFound ? LogsErrors.GroupNotFound() : LogsErrors.StreamNotFound();
        }

        var sequence = new LogPosition(now, accepted.Count).Format();
        return json =>
        {
            json.WriteString("nextSequenceToken", sequence);
            if (tooOldEnd > 0 || expiredEnd > tooOldEnd || tooNewStart < events.Count)
            {
                json.WriteStartObject("rejectedLogEventsInfo");
                if (tooNewStart < events.Count)
                {
                    json.WriteNumber("tooNewLogEventStartIndex", tooNewStart);
                }

                if (tooOldEnd > 0)
                {
                    json.WriteNumber("tooOldLogEventEndIndex", tooOldEnd);
                }

                if (expiredEnd > tooOldEnd)
                {
                    json.WriteNumber("expiredLogEventEndIndex", expiredEnd);
                }

                json.WriteEndObject();
            }
        };
    }

    private Action<Utf8JsonWriter>? GetLogEvents(LogsRequest request)
    {
        var stream = request.StreamName();
        var start = request.Long("startTime", 0);
        var end = request.Long("endTime", 0);
        var token = request.String("nextToken", min: 1);
        var limit = request.Int("limit", 1, 10_000) ?? 10_000;
        var startFromHead = request.Bool("startFromHead") ?? false;
        _ = request.Bool("unmask");
        var group = request.GroupNameOrIdentifier();
        request.ThrowIfInvalid();

        bool forward;
        LogPosition from;
        if (token is not null)
        {
            if (!LogsTokens.TryParseEvents(token, out forward, out from))
            {
                throw LogsErrors.InvalidToken();
            }
        }
        else
        {
            forward = startFromHead;
            from = forward ? LogPosition.Start : LogPosition.End;
        }

        var status = store.ReadEvents(group!, stream!, start ?? 0, end ?? long.MaxValue, from, forward, limit, out var events);
        if (status != LogStoreStatus.Ok)
        {
            throw status == LogStoreStatus.GroupNotFound ? LogsErrors.GroupNotFound() : LogsErrors.StreamNotFound();
        }

        // At the end of the stream AWS answers with the token it was given, so that a reader can poll with it.
        var forwardToken = events.Count > 0 ? LogsTokens.Forward(events[^1].Position)
            : forward && token is not null ? token : LogsTokens.Forward(forward ? from : LogPosition.Start);
        var backwardToken = events.Count > 0 ? LogsTokens.Backward(events[0].Position)
            : !forward && token is not null ? token : LogsTokens.Backward(forward ? from : LogPosition.End);
        return json =>
        {
            json.WriteStartArray("events");
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp", e.Timestamp);
                json.WriteString("message", e.Message);
                json.WriteNumber("ingestionTime", e.IngestionTime);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("nextForwardToken", forwardToken);
            json.WriteString("nextBackwardToken", backwardToken);
        };
    }

    private Action<Utf8JsonWriter>? FilterLogEvents(LogsRequest request)
    {
        var names = request.List("logStreamNames", 1, 100);
        var streamNames = new List<string>();
        for (var i = 0; names is not null && i < names.Count; i++)
        {
            if (names[i].ValueKind != JsonValueKind.String || !LogNames.IsValidStreamName(names[i].GetString()))
            {
                request.Fail($"logStreamNames.{i + 1}", names[i].ToString(), $"Member must satisfy regular expression pattern: {LogsRequest.StreamNamePattern}");
            }
            else
            {
                streamNames.Add(names[i].GetString()!);
            }
        }

        var prefix = request.StreamName("logStreamNamePrefix", required: false);
        var start = request.Long("startTime", 0);
        var end = request.Long("endTime", 0);
        var patternText = request.String("filterPattern", max: 1024);
        var token = request.String("nextToken", min: 1);
        var limit = request.Int("limit", 1, 10_000) ?? 10_000;
        // Deprecated by AWS: results are always interleaved across streams, whatever the caller asks.
        _ = request.Bool("interleaved");
        _ = request.Bool("unmask");
        var group = request.GroupNameOrIdentifier();
        request.ThrowIfInvalid();
        if (names is not null && prefix is not null)
        {
            throw LogsErrors.InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
        }

        if (start is { } from && end is { } to && from > to)
        {
            throw LogsErrors.InvalidParameter("startTime must be less than or equal to endTime.");
        }

        if (!FilterPattern.TryParse(patternText, out var pattern, out _))
        {
            throw LogsErrors.InvalidFilterPattern();
        }

        var after = LogPosition.Start;
        if (token is not null && !LogPosition.TryParse(token, out after))
        {
            throw LogsErrors.InvalidToken();
        }

        var page = store.FilterEvents(group!, new EventFilter
        {
            StartTime = start ?? 0,
            EndTime = end ?? long.MaxValue,
            StreamNames = names is null ? null : streamNames,
            StreamNamePrefix = prefix,
            After = after,
            Limit = limit,
            Matches = pattern.MatchesAll ? static _ => true : pattern.Matches,
        }) ?? throw LogsErrors.GroupNotFound();
        return json =>
        {
            json.WriteStartArray("events");
            foreach (var e in page.Events)
            {
                json.WriteStartObject();
                json.WriteString("logStreamName", e.LogStreamName);
                json.WriteNumber("timestamp", e.Timestamp);
                json.WriteString("message", e.Message);
                json.WriteNumber("ingestionTime", e.IngestionTime);
                json.WriteString("eventId", e.EventId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("searchedLogStreams");
            json.WriteEndArray();
            if (page.Next is { } next)
            {
                json.WriteString("nextToken", next.Format());
            }
        };
    }
}
