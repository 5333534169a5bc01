using System.Collections.Concurrent;
using System.Text.Json;
using Gatehouse.Identity;
using Gatehouse.Identity.SigV4;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback Kestrel server (127.0.0.1:0) that verifies every request it receives with Gatehouse's
/// <see cref="SigV4Verifier"/>, as the gateway will (raw target, headers, buffered body), and records the outcome.
/// It answers <c>200 {}</c> when the signature holds (the AWS CLI takes that as success) and AWS's error otherwise
/// (<c>x-amzn-ErrorType</c> and <c>{"message": ...}</c>, 403 or 400).
/// </summary>
public sealed class SigV4CaptureServer : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDINTEROPTEST00001";
    public const string Secret = "interop/Secret+Key/for/SigV4/tests/0001";
    public const string TemporaryAccessKeyId = "ASIAINTEROPTEST00001";
    public const string TemporarySecret = "interop/temporary/secret/key/tests/0001";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE//token+with/slashes==";
    public const string Region = "us-east-1";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<VerifiedRequest> _received = new();

    private SigV4CaptureServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<VerifiedRequest> Received => [.. _received];

    /// <summary>Starts a server that expects requests signed for <paramref name="service"/> in us-east-1.</summary>
    public static async Task<SigV4CaptureServer> StartAsync(string service)
    {
        var identity = new CallerIdentity("123456789012", "arn:aws:iam::123456789012:user/interop", "AIDAINTEROP") { UserName = "interop" };
        var credentials = new Registry(
            new AccessKeyCredential(AccessKeyId, Secret, identity),
            new AccessKeyCredential(TemporaryAccessKeyId, TemporarySecret, identity) { SessionToken = SessionToken });
        var verifier = new SigV4Verifier(credentials, TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SigV4CaptureServer(app);
        app.Run(context => server.HandleAsync(context, verifier, service));
        await app.StartAsync();
        server.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return server;
    }

    /// <summary>The one request received, asserting there was exactly one.</summary>
    public VerifiedRequest TheOnlyRequest() => Assert.Single(Received);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, SigV4Verifier verifier, string service)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var result = verifier.Verify(HttpRequestSigV4.From(context.Request, body.ToArray()), service, Region);
        _received.Enqueue(new VerifiedRequest(context.Request.Method, rawTarget, result));

        context.Response.ContentType = "application/json";
        if (result.Succeeded)
        {
            await context.Response.WriteAsync("{}");
            return;
        }

        context.Response.StatusCode = result.Error.StatusCode;
        context.Response.Headers["x-amzn-ErrorType"] = result.Error.Code;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { message = result.Error.Message }));
    }

    private sealed class Registry(params AccessKeyCredential[] credentials) : ICredentialSource
    {
        public AccessKeyCredential? Find(string accessKeyId) => Array.Find(credentials, c => c.AccessKeyId == accessKeyId);
    }
}

/// <summary>One request the capture server verified: its method, raw target, and the verifier's answer.</summary>
public sealed record VerifiedRequest(string Method, string RawTarget, SigV4Result Result)
{
    public override string ToString() => $"{Method} {RawTarget}: {Result}";
}
