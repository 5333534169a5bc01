using Gatehouse.ControlPlane.Iam;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sts;
using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Secrets;

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

    private static void AddIam(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => SecretCipher.LoadOrCreate(SecretCipher.DefaultKeyFile(options.DataDirectory)));
        services.AddSingleton(_ =>
        {
            var registry = new CredentialRegistry();
            registry.AddAdministratorKey(DevelopmentAccessKeyId, "test", options.AccountId, acceptsAnySessionToken: true);
            return registry;
        });
        services.AddSingleton<ICredentialSource>(provider => provider.GetRequiredService<CredentialRegistry>());
        services.AddSingleton<IamService>();
        services.AddSingleton<IamRegistrySync>();
        services.AddSingleton<IQueryService, IamQueryService>();
        services.AddSingleton<IQueryService, StsQueryService>();
        // The seam the SigV4 verifier replaces: who signed the request.
        services.AddSingleton(provider => CallerIdentification.FromAccessKeyId(provider.GetRequiredService<ICredentialSource>()));
        services.AddSingleton<QueryEndpoint>();
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
        app.MapPost("/", endpoint.InvokeAsync);
        app.MapGet("/", endpoint.InvokeAsync);
    }
}
