using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// POSTs SNS messages to HTTP/S endpoints in the background, as SNS does: the <c>x-amz-sns-*</c> headers, the
/// delivery policy's <c>Content-Type</c>, SNS's <c>User-Agent</c>, a 15-second timeout per attempt. A 2xx answer is a
/// delivery; a connection failure, a timeout, a 5xx or a 429 is retried on the topic's schedule (by default 3 retries,
/// 20 seconds apart); any other answer (a client error: the endpoint refuses the message) ends it, as do exhausted
/// retries. A message is never retried after a restart: deliveries live in memory. Bounded: at most
/// <see cref="Capacity"/> deliveries wait (queued or between retries); beyond that new ones are dropped, counted and
/// logged, so that publishing never blocks. Endpoints are logged without credentials, path or query.
/// </summary>
public sealed partial class SnsHttpDelivery : IAsyncDisposable
{
    public const string UserAgent = "Amazon Simple Notification Service Agent";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    private readonly Channel<SnsDelivery> _queue;
    private readonly HttpMessageInvoker _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private int _pending;
    private long _dropped;

    public SnsHttpDelivery(HttpMessageHandler handler, ILogger<SnsHttpDelivery> logger, TimeProvider time, int capacity = 10_000, int workers = 4)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        _client = new HttpMessageInvoker(handler, disposeHandler: true);
        _logger = logger;
        _time = time;
        _queue = Channel.CreateUnbounded<SnsDelivery>(new UnboundedChannelOptions { SingleReader = false });
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>SNS's own client: no proxy, no redirects, no cookies.</summary>
    public static HttpMessageHandler CreateHandler() => new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = AttemptTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };

    public int Capacity { get; }

    /// <summary>Deliveries refused because <see cref="Capacity"/> were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a delivery; false (and counted) when too many are waiting already.</summary>
    public bool TryEnqueue(SnsDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (Interlocked.Increment(ref _pending) > Capacity || !_queue.Writer.TryWrite(delivery))
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            LogDropped(_logger, delivery.Message.Type, delivery.Message.MessageId, delivery.SubscriptionArn ?? delivery.Message.TopicArn, Capacity);
            return false;
        }

        return true;
    }

    /// <summary>The request for one attempt: headers and body exactly as SNS sends them.</summary>
    public static HttpRequestMessage CreateRequest(SnsDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var endpoint = new Uri(delivery.Endpoint);
        var request = new HttpRequestMessage(HttpMethod.Post, WithoutUserInfo(endpoint))
        {
            Version = HttpVersion.Version11,
            Content = new ByteArrayContent(SnsMessageFormat.Body(delivery.Message)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", delivery.Policy.HeaderContentType);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("x-amz-sns-message-type", delivery.Message.Type.ToString());
        request.Headers.Add("x-amz-sns-message-id", delivery.Message.MessageId);
        request.Headers.Add("x-amz-sns-topic-arn", delivery.Message.TopicArn);
        if (delivery.SubscriptionArn is not null)
        {
            request.Headers.Add("x-amz-sns-subscription-arn", delivery.SubscriptionArn);
        }

        if (endpoint.UserInfo.Length > 0)
        {
            // https://user:password@host/ endpoints: SNS sends the credentials as HTTP basic authentication.
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(endpoint.UserInfo))));
        }

        return request;
    }

    /// <summary>The endpoint as logs may show it: scheme, host and port only.</summary>
    public static string Redact(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}" : "(invalid URL)";

    private static Uri WithoutUserInfo(Uri endpoint) =>
        endpoint.UserInfo.Length == 0 ? endpoint : new UriBuilder(endpoint) { UserName = "", Password = "" }.Uri;

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var delivery in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                await AttemptAsync(delivery);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task AttemptAsync(SnsDelivery delivery)
    {
        var attempt = delivery with { Attempts = delivery.Attempts + 1 };
        var (delivered, retryable, outcome) = await SendAsync(attempt);
        if (delivered)
        {
            Interlocked.Decrement(ref _pending);
            LogDelivered(_logger, attempt.Message.Type, attempt.Message.MessageId, Redact(attempt.Endpoint), attempt.Attempts);
            return;
        }

        var delays = attempt.Policy.RetryDelays();
        if (!retryable || attempt.Attempts > delays.Count)
        {
            Interlocked.Decrement(ref _pending);
            LogGaveUp(_logger, attempt.Message.Type, attempt.Message.MessageId, attempt.SubscriptionArn ?? attempt.Message.TopicArn, Redact(attempt.Endpoint),
                attempt.Attempts, outcome);
            return;
        }

        var delay = delays[attempt.Attempts - 1];
        LogRetrying(_logger, attempt.Message.Type, attempt.Message.MessageId, Redact(attempt.Endpoint), outcome, attempt.Attempts, delays.Count, delay.TotalSeconds);
        _ = RequeueAsync(attempt, delay);
    }

    private async Task RequeueAsync(SnsDelivery delivery, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token);
            if (!_queue.Writer.TryWrite(delivery))
            {
                Interlocked.Decrement(ref _pending);
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<(bool Delivered, bool Retryable, string Outcome)> SendAsync(SnsDelivery delivery)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(AttemptTimeout);
        try
        {
            using var request = CreateRequest(delivery);
            using var response = await _client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return (status is >= 200 and < 300, status >= 500 || status == 429, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return (false, true, $"no answer within {AttemptTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException error)
        {
            return (false, true, error.HttpRequestError.ToString());
        }
        catch (UriFormatException)
        {
            return (false, false, "invalid endpoint URL");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers);
        _client.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SNS {MessageType} {MessageId} delivered to {Endpoint} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, SnsMessageType messageType, string messageId, string endpoint, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SNS {MessageType} {MessageId} to {Endpoint} failed ({Outcome}); retry {Retry} of {Retries} in {DelaySeconds} s")]
    private static partial void LogRetrying(ILogger logger, SnsMessageType messageType, string messageId, string endpoint, string outcome, int retry, int retries, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SNS {MessageType} {MessageId} for {Subscription} to {Endpoint} not delivered after {Attempts} attempts ({Outcome}); discarded")]
    private static partial void LogGaveUp(ILogger logger, SnsMessageType messageType, string messageId, string subscription, string endpoint, int attempts, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SNS {MessageType} {MessageId} for {Subscription} dropped: {Capacity} deliveries are already waiting")]
    private static partial void LogDropped(ILogger logger, SnsMessageType messageType, string messageId, string subscription, int capacity);
}
