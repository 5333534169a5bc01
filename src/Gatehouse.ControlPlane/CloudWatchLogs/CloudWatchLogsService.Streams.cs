using System.Text.Json;
using Gatehouse.Observability.Logs;

namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>CreateLogStream, DeleteLogStream, DescribeLogStreams.</summary>
public sealed partial class CloudWatchLogsService
{
    private static readonly string[] StreamOrders = ["LogStreamName", "LastEventTime"];

    private Action<Utf8JsonWriter>? CreateLogStream(LogsRequest request)
    {
        var group = request.GroupName();
        var stream = request.StreamName();
        request.ThrowIfInvalid();
        return store.CreateStream(group!, stream!) switch
        {
            LogStoreStatus.GroupNotFound => throw LogsErrors.GroupNotFound(),
            LogStoreStatus.AlreadyExists => throw LogsErrors.StreamExists(),
            _ => null,
        };
    }

    private Action<Utf8JsonWriter>? DeleteLogStream(LogsRequest request)
    {
        var group = request.GroupName();
        var stream = request.StreamName();
        request.ThrowIfInvalid();
        return store.DeleteStream(group!, stream!) switch
        {
            LogStoreStatus.GroupNotFound => throw LogsErrors.GroupNotFound(),
            LogStoreStatus.StreamNotFound => throw LogsErrors.StreamNotFound(),
            _ => null,
        };
    }

    private Action<Utf8JsonWriter>? DescribeLogStreams(LogsRequest request)
    {
        var prefix = request.StreamName("logStreamNamePrefix", required: false);
        var orderBy = request.OneOf("orderBy", StreamOrders);
        var descending = request.Bool("descending") ?? false;
        var limit = request.Int("limit", 1, 50) ?? 50;
        var token = request.String("nextToken", min: 1);
        var group = request.GroupNameOrIdentifier();
        request.ThrowIfInvalid();
        var order = orderBy == "LastEventTime" ? LogStreamOrder.LastEventTime : LogStreamOrder.LogStreamName;
        if (order == LogStreamOrder.LastEventTime && prefix is not null)
        {
            throw LogsErrors.InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
        }

        LogStreamCursor? after = token is null ? null : LogsTokens.ParseStream(order, token) ?? throw LogsErrors.InvalidToken();
        var streams = store.ListStreams(group!, prefix, order, descending, after, limit + 1) ?? throw LogsErrors.GroupNotFound();
        var page = streams.Take(limit).ToList();
        var next = streams.Count > limit ? LogsTokens.Stream(order, page[^1]) : null;
        var groupArn = GroupArn(group!);
        return json =>
        {
            json.WriteStartArray("logStreams");
            foreach (var stream in page)
            {
                json.WriteStartObject();
                json.WriteString("logStreamName", stream.Name);
                json.WriteNumber("creationTime", stream.CreationTime);
                if (stream.FirstEventTimestamp is { } first)
                {
                    json.WriteNumber("firstEventTimestamp", first);
                }

                if (stream.LastEventTimestamp is { } last)
                {
                    json.WriteNumber("lastEventTimestamp", last);
                }

                if (stream.LastIngestionTime is { } ingestion)
                {
                    json.WriteNumber("lastIngestionTime", ingestion);
                }

                json.WriteString("arn", $"{groupArn}:log-stream:{stream.Name}");
                // Deprecated by AWS (always 0 for streams since 2019), still sent.
                json.WriteNumber("storedBytes", 0);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (next is not null)
            {
                json.WriteString("nextToken", next);
            }
        };
    }
}
