using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gatehouse.Hosting;

/// <summary>
/// The listeners: the public one (<c>--urls</c>) and, when <c>--admin-urls</c> is set, the admin one. With an admin
/// listener, the public listener serves only the data plane, and the control plane and <c>/metrics</c> are answered
/// on the admin listener alone (which serves the data plane too); without one, every listener serves everything.
/// </summary>
internal sealed class Listeners
{
    private const string AdminItem = "gatehouse.admin-listener";
    private readonly List<(IPEndPoint EndPoint, bool Admin)> _endPoints = [];
    private readonly List<ListenOptions> _public = [];
    private readonly List<ListenOptions> _admin = [];

    /// <summary>Reads the addresses; a <see cref="StartupException"/> names one that cannot be listened on.</summary>
    public Listeners(string urls, string? adminUrls)
    {
        foreach (var (url, admin) in Split(urls).Select(u => (u, false)).Concat(Split(adminUrls).Select(u => (u, true))))
        {
            if (!TryParse(url, out var endPoint, out var error))
            {
                throw new StartupException(error!);
            }

            _endPoints.Add((endPoint, admin));
        }

        HasAdminListener = _endPoints.Any(e => e.Admin);
    }

    public bool HasAdminListener { get; }

    /// <summary>Binds every address on Kestrel, marking the admin listener's connections.</summary>
    public void Bind(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        foreach (var (endPoint, admin) in _endPoints)
        {
            kestrel.Listen(endPoint, options =>
            {
                (admin ? _admin : _public).Add(options);
                if (admin)
                {
                    options.Use(next => connection =>
                    {
                        connection.Items[AdminItem] = true;
                        return next(connection);
                    });
                }
            });
        }
    }

    /// <summary>The addresses as bound (the port picked for port 0), public ones first.</summary>
    public IEnumerable<(string Address, bool Admin)> Addresses =>
        _public.Select(l => (Describe(l), false)).Concat(_admin.Select(l => (Describe(l), true)));

    /// <summary>Whether the request may reach the control plane: it came in on the admin listener, or there is none.</summary>
    public bool IsAdmin(HttpContext context) =>
        !HasAdminListener || context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(AdminItem) == true;

    /// <summary>
    /// Reads one listener address: <c>http://{IP, localhost, * or +}:{port}</c>; false, with the reason, for anything else.
    /// </summary>
    public static bool TryParse(string url, out IPEndPoint endPoint, out string? error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = null;
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            error = $"'{url}' is not an address Gatehouse can listen on: use http://{{IP, localhost or *}}:{{port}} (put TLS in front of Gatehouse)";
            return false;
        }

        var address = uri.IsLoopback && uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{url}' names a host; listen on an IP address, localhost or *";
            return false;
        }

        endPoint = new IPEndPoint(address, uri.Port);
        return true;
    }

    private static IEnumerable<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Describe(ListenOptions options) =>
        options.IPEndPoint is { } endPoint ? $"http://{endPoint}" : options.ToString() ?? "";
}
