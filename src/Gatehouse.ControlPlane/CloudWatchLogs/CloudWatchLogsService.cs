using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Logs;

namespace Gatehouse.ControlPlane.CloudWatchLogs;

/// <summary>
/// CloudWatch Logs' API (awsJson 1.1, <c>X-Amz-Target: Logs_20140328.{Operation}</c>, signing name <c>logs</c>) over
/// the <see cref="LogStore"/>: log groups, streams, events, filter patterns and retention.
/// </summary>
public sealed partial class CloudWatchLogsService(LogStore store, ControlPlaneOptions options, TimeProvider time) : IJsonService
{
    public const string Prefix = "Logs_20140328";

    public string TargetPrefix => Prefix;

    public string ContentType => "application/x-amz-json-1.1";

    public bool QueryCompatible => false;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<Action<Utf8JsonWriter>?> InvokeAsync(JsonCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = new LogsRequest(call.Body);
        Action<Utf8JsonWriter>? result = call.Operation switch
        {
            "CreateLogGroup" => CreateLogGroup(request),
            "DeleteLogGroup" => DeleteLogGroup(request),
            "DescribeLogGroups" => DescribeLogGroups(request),
            "PutRetentionPolicy" => PutRetentionPolicy(request),
            "DeleteRetentionPolicy" => DeleteRetentionPolicy(request),
            "CreateLogStream" => CreateLogStream(request),
            "DeleteLogStream" => DeleteLogStream(request),
            "DescribeLogStreams" => DescribeLogStreams(request),
            "PutLogEvents" => PutLogEvents(request),
            "GetLogEvents" => GetLogEvents(request),
            "FilterLogEvents" => FilterLogEvents(request),
            _ => throw LogsErrors.UnknownOperation(call.Operation),
        };
        return Task.FromResult(result);
    }

    /// <summary>
    /// <c>logs:{Operation}</c> on the log group's ARN with its stream (<c>…:log-group:{group}:log-stream:{stream}</c>,
    /// the stream empty for a group's operations, both empty for DescribeLogGroups), as CloudWatch Logs checks it: a
    /// policy on <c>…:log-group:{group}:*</c> covers the group and its streams.
    /// </summary>
    public ServiceAccess AccessOf(JsonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var group = Member(call.Body, "logGroupName");
        var stream = call.Operation is "CreateLogStream" or "DeleteLogStream" or "PutLogEvents" or "GetLogEvents" ? Member(call.Body, "logStreamName") : "";
        return new ServiceAccess("logs:" + call.Operation, $"{GroupArn(group)}:log-stream:{stream}");

        static string Member(JsonElement body, string name) =>
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : "";
    }

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(400, "AccessDeniedException", ServiceAuthorizer.DeniedMessage(callerArn, action, resource, explicitDeny));

    private string GroupArn(string name) => $"arn:aws:logs:{options.Region}:{options.AccountId}:log-group:{name}";

    private Action<Utf8JsonWriter>? CreateLogGroup(LogsRequest request)
    {
        var name = request.GroupName();
        if (request.Has("kmsKeyId"))
        {
            throw LogsErrors.NotSupported("kmsKeyId (KMS encryption of log groups)");
        }

        if (request.Has("tags"))
        {
            throw LogsErrors.NotSupported("tags on log groups");
        }

        if (request.String("logGroupClass") is { } logGroupClass && logGroupClass != "STANDARD")
        {
            throw LogsErrors.NotSupported($"logGroupClass {logGroupClass}");
        }

        request.ThrowIfInvalid();
        return store.CreateGroup(name!) == LogStoreStatus.AlreadyExists ? throw LogsErrors.GroupExists() : null;
    }

    private Action<Utf8JsonWriter>? DeleteLogGroup(LogsRequest request)
    {
        var name = request.GroupName();
        request.ThrowIfInvalid();
        return store.DeleteGroup(name!) == LogStoreStatus.GroupNotFound ? throw LogsErrors.GroupNotFound() : null;
    }

    private Action<Utf8JsonWriter>? DescribeLogGroups(LogsRequest request)
    {
        var prefix = request.GroupName("logGroupNamePrefix", required: false);
        var pattern = request.String("logGroupNamePattern", max: LogNames.MaxLength);
        if (pattern is { Length: > 0 } && !LogNames.IsValidGroupName(pattern))
        {
            request.Fail("logGroupNamePattern", pattern, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]*");
        }

        var limit = request.Int("limit", 1, 50) ?? 50;
        var token = request.String("nextToken", min: 1);
        if (request.Bool("includeLinkedAccounts") == true)
        {
            throw LogsErrors.NotSupported("includeLinkedAccounts (cross-account observability)");
        }

        request.ThrowIfInvalid();
        if (prefix is not null && pattern is not null)
        {
            throw LogsErrors.InvalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
        }

        var after = token is null ? null : LogsTokens.ParseName(token) ?? throw LogsErrors.InvalidToken();
        var groups = store.ListGroups(prefix, pattern, after, limit + 1);
        var page = groups.Take(limit).ToList();
        var next = groups.Count > limit ? LogsTokens.Name(page[^1].Name) : null;
        return json =>
        {
            json.WriteStartArray("logGroups");
            foreach (var group in page)
            {
                json.WriteStartObject();
                json.WriteString("logGroupName", group.Name);
                json.WriteNumber("creationTime", group.CreationTime);
                if (group.RetentionInDays is { } days)
                {
                    json.WriteNumber("retentionInDays", days);
                }

                json.WriteNumber("metricFilterCount", 0);
                json.WriteString("arn", GroupArn(group.Name) + ":*");
                json.WriteNumber("storedBytes", group.StoredBytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (next is not null)
            {
                json.WriteString("nextToken", next);
            }
        };
    }

    private Action<Utf8JsonWriter>? PutRetentionPolicy(LogsRequest request)
    {
        var name = request.GroupName();
        var days = request.Long("retentionInDays", required: true);
        if (days is { } value && (value is < int.MinValue or > int.MaxValue || !LogRetention.IsAllowed((int)value)))
        {
            request.Fail("retentionInDays", value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"Member must satisfy enum value set: [{string.Join(", ", LogRetention.AllowedDays)}]");
        }

        request.ThrowIfInvalid();
        return store.SetRetention(name!, (int)days!.Value) == LogStoreStatus.GroupNotFound ? throw LogsErrors.GroupNotFound() : null;
    }

    private Action<Utf8JsonWriter>? DeleteRetentionPolicy(LogsRequest request)
    {
        var name = request.GroupName();
        request.ThrowIfInvalid();
        return store.SetRetention(name!, null) == LogStoreStatus.GroupNotFound ? throw LogsErrors.GroupNotFound() : null;
    }
}
