using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// The integration backend: an in-process Kestrel app on 127.0.0.1 that answers every request with what it received,
/// as JSON (<see cref="EchoedRequest"/>). Special paths anywhere in the path: <c>/slow/{ms}</c> waits before
/// answering, <c>/status/{code}</c> answers with that status. A request header
/// <c>x-echo-response-header[-anything]: name=value</c> makes it send that response header (one per request header).
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    public const string ResponseHeaderRequest = "x-echo-response-header";

    private readonly WebApplication _app;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentQueue<string>> Received = new();

    private EchoBackend(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Waits until a request whose raw path is <paramref name="path"/> has arrived (it may still be in progress).</summary>
    public async Task WaitForRequestAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!Received.GetOrAdd(Port, _ => new()).Contains(path))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>How many requests with raw path <paramref name="path"/> have arrived so far.</summary>
    public int RequestsTo(string path) => Received.GetOrAdd(Port, _ => new()).Count(p => p == path);

    public static async Task<EchoBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(EchoAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoBackend(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        Received.GetOrAdd(context.Connection.LocalPort, _ => new()).Enqueue(rawPath);

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();

        var status = 200;
        var segments = rawPath.Split('/');
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i] == "slow" && int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var delay))
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return; // the gateway gave up on us
                }
            }
            else if (segments[i] == "status" && int.TryParse(segments[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                status = code;
            }
        }

        var echoed = new EchoedRequest
        {
            Method = request.Method,
            Path = rawPath,
            Query = rawQuery,
            Headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value.ToArray())),
            Body = Encoding.UTF8.GetString(bytes),
            BodyLength = bytes.Length,
            BodySha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };

        var response = context.Response;
        response.StatusCode = status;
        response.Headers["x-backend"] = "echo";
        foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith(ResponseHeaderRequest, StringComparison.OrdinalIgnoreCase)))
        {
            var header = values.ToString();
            var eq = header.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                response.Headers.Append(header[..eq], header[(eq + 1)..]);
            }
        }

        if (status is 204 or 304 || HttpMethods.IsHead(request.Method))
        {
            return;
        }

        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, echoed, EchoedRequest.JsonOptions, context.RequestAborted);
    }
}

/// <summary>What the backend received: the body of every <see cref="EchoBackend"/> answer.</summary>
public sealed record EchoedRequest
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public string Method { get; init; } = "";

    /// <summary>The path exactly as it arrived on the request line (still percent-encoded).</summary>
    public string Path { get; init; } = "";

    /// <summary>The query string exactly as it arrived, without the '?'.</summary>
    public string Query { get; init; } = "";

    /// <summary>Header names in lower case; repeated headers joined with ", ".</summary>
    public Dictionary<string, string> Headers { get; init; } = [];

    public string Body { get; init; } = "";

    public long BodyLength { get; init; }

    public string BodySha256 { get; init; } = "";

    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());

    public static EchoedRequest Parse(string json) =>
        JsonSerializer.Deserialize<EchoedRequest>(json, JsonOptions) ?? throw new InvalidOperationException("null echo");

    /// <summary>Reads the echo from a gateway response, failing with the response text if it is not one.</summary>
    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<EchoedRequest>(text, JsonOptions)
                ?? throw new InvalidOperationException("null echo");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"Expected the echo backend's answer, got {(int)response.StatusCode} {text[..Math.Min(text.Length, 500)]}", e);
        }
    }
}
