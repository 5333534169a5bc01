using System.Text.Json;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.CloudWatch;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Observability.Alarms;
using Gatehouse.Observability.Metrics;
using Gatehouse.UnitTests.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.ControlPlane.CloudWatch;

public sealed class CloudWatchJsonServiceTests : IDisposable
{
    private readonly TempCloudWatchDatabase _database = new();
    private readonly AlarmService _alarms;
    private readonly CloudWatchJsonService _service;

    public CloudWatchJsonServiceTests()
    {
        var time = new ManualTimeProvider();
        var metrics = new MetricStore(_database.Open(), time);
        _alarms = new AlarmService(new AlarmStore(_database.Open()), metrics, null, time, new AlarmServiceOptions("us-east-1", "000000000000"), NullLogger<AlarmService>.Instance);
        _service = new CloudWatchJsonService(new CloudWatchApi(metrics, _alarms, new ControlPlaneOptions(), time));
    }

    public void Dispose()
    {
        _alarms.Dispose();
        _database.Dispose();
    }

    private Task<Action<Utf8JsonWriter>?> InvokeAsync(string operation, string body)
    {
        using var document = JsonDocument.Parse(body);
        return _service.InvokeAsync(new JsonCall(operation, document.RootElement.Clone(), null, new DefaultHttpContext()), CancellationToken.None);
    }

    [Fact]
    public async Task InvokeAsync_ServiceError_NamesTheShapeAndKeepsTheQueryCode()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => InvokeAsync("PutMetricData", """{"Namespace":"AWS/X","MetricData":[{"MetricName":"m","Value":1}]}"""));

        Assert.Equal(("InvalidParameterValueException", "InvalidParameterValue"), (error.ErrorType, error.QueryErrorCode));
    }

    [Fact]
    public async Task InvokeAsync_UnknownOperation_IsUnknownOperationException() =>
        Assert.Equal("UnknownOperationException", (await Assert.ThrowsAsync<AwsException>(() => InvokeAsync("PutDashboard", "{}"))).ErrorType);

    [Fact]
    public async Task InvokeAsync_WrongJsonType_IsSerializationException() =>
        Assert.Equal("SerializationException", (await Assert.ThrowsAsync<AwsException>(() => InvokeAsync("ListMetrics", """{"Namespace": 5}"""))).ErrorType);
}
