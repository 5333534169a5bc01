using System.Collections.Concurrent;
using System.Net;
using Gatehouse.Observability.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.Observability.Notifications;

public sealed class SnsHttpDeliveryTests
{
    private static SnsDelivery Delivery(DeliveryPolicy? policy = null, string endpoint = "http://subscriber.test/hook") => new()
    {
        Message = new SnsMessage
        {
            Type = SnsMessageType.Notification,
            MessageId = "m-1",
            TopicArn = "arn:aws:sns:us-east-1:000000000000:alarms",
            Message = "hi",
            Timestamp = "2026-11-26T00:00:00.000Z",
        },
        SubscriptionArn = "arn:aws:sns:us-east-1:000000000000:alarms:s-1",
        Endpoint = endpoint,
        Policy = policy ?? DeliveryPolicy.Default,
    };

    /// <summary>Answers each POST with the next status of a script (the last one repeats) and records the requests.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _calls;

        public ConcurrentQueue<(HttpRequestMessage Request, DateTimeOffset At)> Requests { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Expected { get; init; } = 1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            Requests.Enqueue((request, DateTimeOffset.UtcNow));
            if (call >= Expected)
            {
                Done.TrySetResult();
            }

            return Task.FromResult(new HttpResponseMessage(statuses[Math.Min(call, statuses.Length) - 1]));
        }
    }

    [Fact]
    public void CreateRequest_Notification_CarriesSnsHeaders()
    {
        using var request = SnsHttpDelivery.CreateRequest(Delivery());
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("Notification", request.Headers.GetValues("x-amz-sns-message-type").Single());
        Assert.Equal("m-1", request.Headers.GetValues("x-amz-sns-message-id").Single());
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:alarms", request.Headers.GetValues("x-amz-sns-topic-arn").Single());
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:alarms:s-1", request.Headers.GetValues("x-amz-sns-subscription-arn").Single());
        Assert.Equal("Amazon Simple Notification Service Agent", string.Join(' ', request.Headers.GetValues("User-Agent")));
        Assert.Equal("text/plain; charset=UTF-8", request.Content!.Headers.GetValues("Content-Type").Single());
    }

    [Fact]
    public void CreateRequest_EndpointWithCredentials_SendsBasicAuthenticationNotTheUrl()
    {
        using var request = SnsHttpDelivery.CreateRequest(Delivery(endpoint: "https://user:p%40ss@subscriber.test/hook"));
        Assert.Equal("https://subscriber.test/hook", request.RequestUri!.ToString());
        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal("user:p@ss", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
        Assert.Equal("https://subscriber.test", SnsHttpDelivery.Redact("https://user:p%40ss@subscriber.test/hook?secret=1"));
    }

    [Fact]
    public async Task TryEnqueue_ServerErrorThenSuccess_RetriesOnThePolicysSchedule()
    {
        Assert.True(DeliveryPolicy.TryParse("""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":3}}}""", out var policy, out _));
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK) { Expected = 3 };
        await using var delivery = new SnsHttpDelivery(handler, NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System);

        Assert.True(delivery.TryEnqueue(Delivery(policy)));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(1500);

        var times = handler.Requests.Select(r => r.At).ToList();
        Assert.Equal(3, times.Count);
        Assert.InRange((times[1] - times[0]).TotalSeconds, 0.9, 5);
        Assert.InRange((times[2] - times[1]).TotalSeconds, 0.9, 5);
    }

    [Fact]
    public async Task TryEnqueue_ClientError_IsNotRetried()
    {
        Assert.True(DeliveryPolicy.TryParse("""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":3}}}""", out var policy, out _));
        var handler = new ScriptedHandler(HttpStatusCode.BadRequest);
        await using var delivery = new SnsHttpDelivery(handler, NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System);

        delivery.TryEnqueue(Delivery(policy));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(2500);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task TryEnqueue_ServerErrorsOnly_StopsAfterTheLastRetry()
    {
        Assert.True(DeliveryPolicy.TryParse("""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":1,"numRetries":2,"numNoDelayRetries":1}}}""", out var policy, out _));
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError) { Expected = 3 };
        await using var delivery = new SnsHttpDelivery(handler, NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System);

        delivery.TryEnqueue(Delivery(policy));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(2500);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task TryEnqueue_OverCapacity_DropsAndCounts()
    {
        var gate = new TaskCompletionSource();
        var handler = new BlockingHandler(gate.Task);
        await using var delivery = new SnsHttpDelivery(handler, NullLogger<SnsHttpDelivery>.Instance, TimeProvider.System, capacity: 2, workers: 1);

        Assert.True(delivery.TryEnqueue(Delivery()));
        Assert.True(delivery.TryEnqueue(Delivery()));
        Assert.False(delivery.TryEnqueue(Delivery()));
        Assert.Equal(1, delivery.Dropped);
        gate.SetResult();
    }

    private sealed class BlockingHandler(Task gate) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
