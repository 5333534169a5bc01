using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// An HTTP endpoint subscribed to an SNS topic, as a user's would be: an in-process Kestrel app on 127.0.0.1 that
/// records every POST (headers and JSON body) and answers 200, or, while <see cref="FailNext"/> says so, 500.
/// <see cref="VerifyAsync"/> checks a message's signature as SNS's documentation tells subscribers to: fetch the
/// certificate at SigningCertURL and verify Signature over the canonical string.
/// </summary>
public sealed class SnsSubscriber : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedSnsMessage> _received = Channel.CreateUnbounded<ReceivedSnsMessage>();
    private int _failures;

    private SnsSubscriber(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    /// <summary>Every message received so far, in order.</summary>
    public ConcurrentQueue<ReceivedSnsMessage> All { get; } = new();

    /// <summary>The next <paramref name="count"/> POSTs are answered 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    public static async Task<SnsSubscriber> StartAsync(string path = "/sns/hook")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var subscriber = new SnsSubscriber(app);
        app.Run(subscriber.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        subscriber.Endpoint = address.TrimEnd('/') + path;
        return subscriber;
    }

    /// <summary>The next message received (of the given type, skipping others), within <paramref name="timeout"/> (10 s by default).</summary>
    public async Task<ReceivedSnsMessage> NextAsync(string? type = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(cancel.Token);
                if (type is null || message.Type == type)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no SNS {type ?? "message"} arrived within {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds} s; received so far: " +
                string.Join(", ", All.Select(m => m.Type)));
        }
    }

    /// <summary>Asserts that nothing more arrives within <paramref name="wait"/>.</summary>
    public async Task AssertNothingArrivesAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        Assert.False(_received.Reader.TryRead(out var message), $"unexpected SNS {message?.Type}: {message?.Body}");
    }

    /// <summary>
    /// Verifies <paramref name="message"/>'s signature with the certificate its SigningCertURL serves (fetched
    /// unsigned; <paramref name="certificateBase"/> replaces the URL's scheme, host and port when given). Returns the
    /// certificate's file name.
    /// </summary>
    public static async Task<string> VerifyAsync(ReceivedSnsMessage message, Uri? certificateBase = null)
    {
        var body = message.Json;
        var certificateUrl = new Uri(body.GetProperty("SigningCertURL").GetString()!);
        if (certificateBase is not null)
        {
            certificateUrl = new Uri(certificateBase, certificateUrl.AbsolutePath);
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var pem = await http.GetStringAsync(certificateUrl);
        using var certificate = X509Certificate2.CreateFromPem(pem);
        using var rsa = certificate.GetRSAPublicKey()!;
        var version = body.GetProperty("SignatureVersion").GetString();
#pragma warning disable CA5350 // SignatureVersion 1 is SHA1withRSA, as SNS signs it
        var hash = version == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
#pragma warning restore CA5350
        var signature = Convert.FromBase64String(body.GetProperty("Signature").GetString()!);
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(CanonicalString(body)), signature, hash, RSASignaturePadding.Pkcs1),
            $"the {message.Type} signature does not verify with {certificateUrl}");
        return certificateUrl.Segments[^1];
    }

    /// <summary>The string SNS signs, built from the received JSON as SNS's documentation describes.</summary>
    public static string CanonicalString(JsonElement body)
    {
        var type = body.GetProperty("Type").GetString();
        string[] names = type == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = new StringBuilder();
        foreach (var name in names)
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(name).Append('\n').Append(value.GetString()).Append('\n');
            }
        }

        return text.ToString();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var message = new ReceivedSnsMessage(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
            DateTimeOffset.UtcNow);
        All.Enqueue(message);
        _received.Writer.TryWrite(message);
        var failing = Interlocked.Decrement(ref _failures) >= 0;
        if (!failing)
        {
            Interlocked.Exchange(ref _failures, 0);
        }

        context.Response.StatusCode = failing ? 500 : 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST an <see cref="SnsSubscriber"/> received.</summary>
public sealed record ReceivedSnsMessage(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Type => Headers.GetValueOrDefault("x-amz-sns-message-type");

    public string Member(string name) => Json.GetProperty(name).GetString()!;
}
