using Gatehouse.ControlPlane.Iam;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sts;
using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Secrets;
using Gatehouse.Identity.SigV4;

namespace Gatehouse.Hosting;

/// <summary>
/// The IAM and STS slice: the secrets key file, the credential registry (with the administrator's development key
/// <c>test</c>/<c>test</c> as the account root), IAM users kept in sync from the store, the seed file, and the query
/// protocol on <c>POST /</c>.
/// </summary>
internal static partial class GatehouseServer
{
    /// <summary>The development key of LocalStack-style scripts: the account root, any session token accepted.</summary>
    public const string DevelopmentAccessKeyId = "test";

    /// <summary>
    /// The development key is for a gateway only this machine can reach: a listener on any other address needs the
    /// administrator's own key (<see cref="AdminCredentials"/>), or Gatehouse does not start.
    /// </summary>
    private static void CheckAdministratorKey(ServerOptions options)
    {
        if (options.Admin is not null)
        {
            return;
        }

        // The control plane is reachable where the admin listener is, or, without one, wherever Gatehouse listens.
        var exposed = (options.AdminUrls ?? options.Urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new StartupException(
                $"listening on {string.Join(", ", exposed)} (not only loopback) needs administrator credentials: set " +
                $"{AdminCredentials.AccessKeyIdVariable} and {AdminCredentials.SecretAccessKeyVariable}. The development key " +
                $"'{DevelopmentAccessKeyId}' is accepted only when every listener is on loopback.");
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out var uri) ? uri.Host : url;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
    }

    private static void AddIam(IServiceCollection services, ServerOptions options)
    {
        CheckAdministratorKey(options);
        services.AddSingleton(_ => SecretCipher.LoadOrCreate(SecretCipher.DefaultKeyFile(options.DataDirectory)));
        services.AddSingleton(_ =>
        {
            var registry = new CredentialRegistry();
            if (options.Admin is { } admin)
            {
                registry.AddAdministratorKey(admin.AccessKeyId, admin.SecretAccessKey, options.AccountId);
            }
            else
            {
                registry.AddAdministratorKey(DevelopmentAccessKeyId, "test", options.AccountId, acceptsAnySessionToken: true);
            }

            return registry;
        });
        services.AddSingleton<ICredentialSource>(provider => provider.GetRequiredService<CredentialRegistry>());
        services.AddSingleton<IamService>();
        services.AddSingleton<IamRegistrySync>();
        services.AddSingleton<IQueryService, IamQueryService>();
        services.AddSingleton<IQueryService, StsQueryService>();
        services.AddSingleton(_ => CallerIdentification.FromVerifiedSignature());
        services.AddSingleton(provider => new SigV4Verifier(provider.GetRequiredService<ICredentialSource>(), TimeProvider.System));
        services.AddSingleton<ServiceAuthorizer>();
        services.AddSingleton<QueryEndpoint>();
        services.AddSingleton<AwsJsonEndpoint>();
    }

    /// <summary>Loads every stored user into the registry, then applies the seed file, if any.</summary>
    private static async Task StartIamAsync(IServiceProvider services, IamSeedFile? seed, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IamRegistrySync>().StartAsync(cancellationToken);
        if (seed is not null)
        {
            await seed.ApplyAsync(services.GetRequiredService<IamService>(), cancellationToken);
        }
    }

    private static void MapQueryServices(WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<QueryEndpoint>();
        var json = app.Services.GetRequiredService<AwsJsonEndpoint>();
        app.MapPost("/", context => AwsJsonEndpoint.IsJsonRequest(context.Request) ? json.InvokeAsync(context) : endpoint.InvokeAsync(context));
        app.MapGet("/", endpoint.InvokeAsync);
    }
}
