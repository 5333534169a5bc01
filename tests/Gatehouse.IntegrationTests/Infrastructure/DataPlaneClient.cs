using System.Net;
using System.Net.Sockets;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// Calls deployed APIs on both of their addresses: host style <c>http://{apiId}.execute-api.localhost:PORT/…</c> and
/// path style <c>http://127.0.0.1:PORT/_aws/execute-api/{apiId}/…</c>. Every connection goes to the loopback port,
/// so host-style names work whatever the machine's resolver thinks of <c>*.localhost</c>; the Host header is the
/// real one.
/// </summary>
public sealed class DataPlaneClient : IDisposable
{
    private readonly Func<int> _port;

    public DataPlaneClient(Func<int> port)
    {
        _port = port;
        Http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Http { get; }

    public int Port => _port();

    /// <summary><c>http://{apiId}.execute-api.localhost:PORT{pathAndQuery}</c>.</summary>
    public Uri HostStyle(string apiId, string pathAndQuery) => new($"http://{apiId}.execute-api.localhost:{Port}{pathAndQuery}");

    /// <summary><c>http://127.0.0.1:PORT/_aws/execute-api/{apiId}{pathAndQuery}</c>.</summary>
    public Uri PathStyle(string apiId, string pathAndQuery) => new($"http://127.0.0.1:{Port}/_aws/execute-api/{apiId}{pathAndQuery}");

    public Uri Address(AddressStyle style, string apiId, string pathAndQuery) =>
        style == AddressStyle.Host ? HostStyle(apiId, pathAndQuery) : PathStyle(apiId, pathAndQuery);

    public Task<HttpResponseMessage> GetAsync(Uri uri) => Http.GetAsync(uri);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Http.SendAsync(request);
    }

    /// <summary>GETs and returns what the echo backend received, failing unless the gateway answered 200.</summary>
    public async Task<EchoedRequest> EchoAsync(Uri uri, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(HttpMethod.Get, uri, null, headers);
        var echo = await EchoedRequest.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {uri}: expected 200, got {(int)response.StatusCode}");
        return echo;
    }

    public void Dispose() => Http.Dispose();
}

public enum AddressStyle
{
    Host,
    Path,
}
