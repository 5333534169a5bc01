using System.Text.Json;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatchLogs;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Logs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.ControlPlane.CloudWatchLogs;

/// <summary>
/// Every answer checked against botocore's logs model (the CLI's own, awscli 2.9.19, from the shared reference beside
/// the repository): a member the model does not name is silently dropped by every SDK, so each one must be the model's.
/// </summary>
public sealed class LogsServiceModelTests : IDisposable
{
    private static readonly Lazy<JsonElement?> Model = new(() => Find() is { } path ? JsonDocument.Parse(File.ReadAllText(path)).RootElement : null);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-logsmodel-" + Guid.NewGuid().ToString("N"));
    private readonly LogStore _store;
    private readonly CloudWatchLogsService _service;

    public LogsServiceModelTests()
    {
        _store = LogStore.InDataDirectory(_directory, TimeProvider.System);
        _service = new CloudWatchLogsService(_store, new ControlPlaneOptions(), TimeProvider.System);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [ReferenceFact(ModelReference)]
    public async Task EveryAnswer_UsesOnlyMembersOfTheModel()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await CheckAsync("CreateLogGroup", new { logGroupName = "g" });
        await CheckAsync("CreateLogGroup", new { logGroupName = "h" });
        await CheckAsync("PutRetentionPolicy", new { logGroupName = "g", retentionInDays = 7 });
        await CheckAsync("CreateLogStream", new { logGroupName = "g", logStreamName = "s" });
        await CheckAsync("CreateLogStream", new { logGroupName = "g", logStreamName = "t" });
        await CheckAsync("PutLogEvents", new
        {
            logGroupName = "g",
            logStreamName = "s",
            logEvents = new object[] { new { timestamp = now - (20L * 86_400_000), message = "old" }, new { timestamp = now, message = "{\"a\": 1}" } },
        });
        await CheckAsync("DescribeLogGroups", new { limit = 1 });
        await CheckAsync("DescribeLogStreams", new { logGroupName = "g", limit = 1, orderBy = "LastEventTime" });
        await CheckAsync("GetLogEvents", new { logGroupName = "g", logStreamName = "s" });
        await CheckAsync("FilterLogEvents", new { logGroupName = "g", filterPattern = "{ $.a = 1 }" });
        await CheckAsync("FilterLogEvents", new { logGroupName = "g", limit = 1 });
        await CheckAsync("DeleteRetentionPolicy", new { logGroupName = "g" });
        await CheckAsync("DeleteLogStream", new { logGroupName = "g", logStreamName = "t" });
        await CheckAsync("DeleteLogGroup", new { logGroupName = "h" });
    }

    private async Task CheckAsync(string operation, object body)
    {
        using var request = JsonDocument.Parse(JsonSerializer.Serialize(body));
        var write = await _service.InvokeAsync(new JsonCall(operation, request.RootElement.Clone(), null, new DefaultHttpContext()), CancellationToken.None);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write?.Invoke(writer);
            writer.WriteEndObject();
        }

        using var answer = JsonDocument.Parse(buffer.ToArray());
        var model = Model.Value!.Value;
        var operationModel = model.GetProperty("operations").GetProperty(operation);
        if (!operationModel.TryGetProperty("output", out var output))
        {
            Assert.Empty(answer.RootElement.EnumerateObject());
            return;
        }

        Conform(model, output.GetProperty("shape").GetString()!, answer.RootElement, operation);
    }

    private static void Conform(JsonElement model, string shapeName, JsonElement value, string path)
    {
        var shape = model.GetProperty("shapes").GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                Assert.Equal(JsonValueKind.Object, value.ValueKind);
                var members = shape.GetProperty("members");
                foreach (var property in value.EnumerateObject())
                {
                    Assert.True(members.TryGetProperty(property.Name, out var member), $"{path}.{property.Name} is not a member of {shapeName} in the model");
                    Conform(model, member.GetProperty("shape").GetString()!, property.Value, $"{path}.{property.Name}");
                }

                break;
            case "list":
                Assert.Equal(JsonValueKind.Array, value.ValueKind);
                foreach (var item in value.EnumerateArray())
                {
                    Conform(model, shape.GetProperty("member").GetProperty("shape").GetString()!, item, path + "[]");
                }

                break;
            case "string":
                Assert.Equal(JsonValueKind.String, value.ValueKind);
                break;
            case "integer" or "long":
                Assert.Equal(JsonValueKind.Number, value.ValueKind);
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, path);
                break;
        }
    }

    private const string ModelReference = "service-models/logs/service-2.json";

    private static string? Find() => SharedReference.PathOf(ModelReference);
}
