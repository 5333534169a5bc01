using System.Diagnostics.Metrics;
using System.Net;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGateway;
using Gatehouse.ControlPlane.ApiGateway.TestInvoke;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Iam;
using Gatehouse.ControlPlane.Lambda;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sns;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Addressing;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.Responses;
using Gatehouse.DataPlane.RestApis;
using Gatehouse.DataPlane.RestApis.Authorization;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.DataPlane.RestApis.TestInvoke;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.Functions;
using Gatehouse.Functions.Code;
using Gatehouse.Functions.Invocation;
using Gatehouse.Functions.RuntimeApi;
using Gatehouse.Identity.Credentials;
using Gatehouse.Model.RestApis.TestInvoke;
using Gatehouse.Observability.Metrics;
using Gatehouse.Store;
using Gatehouse.Store.Sqlite;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gatehouse.Hosting;

/// <summary>Wires the store, the control plane and the data plane onto one Kestrel listener and runs them.</summary>
internal static partial class GatehouseServer
{
    public static async Task<int> RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(QuietHost.Options);
        var listeners = new Listeners(options.Urls, options.AdminUrls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            listeners.Bind(kestrel);
            kestrel.AddServerHeader = false;
            // Room for control-plane uploads; the data plane lowers it to API Gateway's 10 MB per request.
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        if (options.LogLevel > LogLevel.Debug)
        {
            // ASP.NET's and YARP's per-request information logs cost more than the gateway itself.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        }

        // Read before anything starts: a seed file with mistakes stops Gatehouse with all of them listed.
        var iamSeed = options.IamSeedFile is { } seedPath ? IamSeedFile.Load(seedPath) : null;
        var services = builder.Services;
        services.AddSingleton<IConfigStore>(_ => SqliteConfigStore.InDirectory(options.DataDirectory));
        services.AddSingleton(new ControlPlaneOptions { Region = options.Region, AccountId = options.AccountId });
        services.AddSingleton(new DataPlaneOptions
        {
            AccountId = options.AccountId,
            Region = options.Region,
            AccountThrottle = options.AccountThrottle,
            TraceSampleRatio = options.TraceSampleRatio,
            CognitoIdpEndpoint = options.CognitoIdpEndpoint,
        });
        Telemetry.Add(services, options);
        if (options.StateStore is { } redis)
        {
            // Connects (or gives up after its connect timeout and runs on this node's memory until Redis answers).
            services.AddSingleton<IStateStore>(provider => RedisStateStore.Connect(
                redis, TimeProvider.System, provider.GetRequiredService<ILogger<RedisStateStore>>(), provider.GetService<IMeterFactory>()));
        }
        else
        {
            services.AddSingleton<IStateStore>(new InMemoryStateStore(TimeProvider.System));
        }

        services.AddSingleton(provider => new JwtValidator(
            new JwtValidatorOptions { AllowEcdsa = options.JwtAllowEcdsa }, TimeProvider.System, provider.GetRequiredService<ILogger<JwtValidator>>()));
        services.AddSingleton<RouteAuthorizers>();
        services.AddSingleton<HttpApiService>();
        services.AddSingleton<RestApiService>();
        services.AddSingleton(_ => CodeStore.InDataDirectory(options.DataDirectory));
        services.AddSingleton<FunctionService>();
        var functionsOptions = new FunctionsOptions
        {
            DataDirectory = options.DataDirectory,
            Region = options.Region,
            AccountId = options.AccountId,
            AccountConcurrencyLimit = options.LambdaConcurrencyLimit,
            IdleWorkerTimeout = options.LambdaIdleTimeout,
        };
        if (options.LambdaEventRetryDelay is { } retryDelay)
        {
            functionsOptions = functionsOptions with { EventRetryDelays = [retryDelay, retryDelay] };
        }

        services.AddSingleton(provider => new FunctionHost(
            functionsOptions,
            provider.GetRequiredService<CodeStore>().GetDirectory,
            provider.GetRequiredService<ILoggerFactory>(),
            options.LogLevel,
            provider.GetRequiredService<Gatehouse.Functions.Logs.FunctionLogs>(),
            provider.GetService<MetricRecorder>()));
        services.AddSingleton<IFunctionInvoker>(provider => provider.GetRequiredService<FunctionHost>().Invoker);
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton(_ => new ControlPlaneThrottle(options.ControlPlaneRateLimit, options.ControlPlaneBurstLimit));
        services.AddSingleton<ApiRegistry>();
        services.AddSingleton<ApiCompiler>();
        services.AddSingleton<Throttler>();
        services.AddSingleton<HttpApiHandler>();
        services.AddSingleton<RestApiRegistry>();
        services.AddSingleton<RestAuthorizers>();
        services.AddSingleton(provider => new RestMappingOptions
        {
            HttpInvoker = provider.GetRequiredService<HttpMessageInvoker>(),
            FunctionInvoker = provider.GetService<IFunctionInvoker>(),
            Logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.RestApis.Mapping"),
        });
        services.AddSingleton<RestApiCompiler>();
        services.AddSingleton<RestLambdaProxy>();
        services.AddSingleton<RestHttpProxy>();
        services.AddSingleton<RestApiHandler>();
        services.AddSingleton<RestTestMethodInvoker>();
        services.AddSingleton<RestTestAuthorizerInvoker>();
        services.AddSingleton<ITestInvoker, RestTestInvoker>();
        services.AddSingleton(_ => BackendClient.Create());
        services.AddHttpForwarder();
        services.AddRouting();
        AddIam(services, options);
        AddLogs(services, options);
        AddSns(services, options);
        AddCloudWatch(services, options);
        AddMetrics(services, options);

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse");
        var store = app.Services.GetRequiredService<IConfigStore>();
        await store.InitializeAsync(cancellationToken);
        StartMetrics(app.Services);
        var state = app.Services.GetRequiredService<IStateStore>();
        await app.Services.GetRequiredService<ApiCompiler>().StartAsync(cancellationToken);
        await app.Services.GetRequiredService<RestApiCompiler>().StartAsync(cancellationToken);
        await StartFunctionsAsync(app.Services.GetRequiredService<FunctionHost>(), store, cancellationToken);
        await app.Services.GetRequiredService<FunctionService>().StartAsync(cancellationToken);
        await StartIamAsync(app.Services, iamSeed, cancellationToken);
        StartLogs(app.Services);
        await StartSnsAsync(app.Services, cancellationToken);

        var dataPlane = app.Services.GetRequiredService<HttpApiHandler>();
        var restDataPlane = app.Services.GetRequiredService<RestApiHandler>();
        var authenticator = app.Services.GetRequiredService<RequestAuthenticator>();
        var throttle = app.Services.GetRequiredService<ControlPlaneThrottle>();
        var snsPublic = app.Services.GetRequiredService<SnsPublicEndpoint>();
        app.Use(next => context =>
            ApiAddress.IsDataPlane(context.Request.Host.Host, context.Request.Path.Value ?? "")
                ? (restDataPlane.Serves(context) ? restDataPlane.InvokeAsync(context) : dataPlane.InvokeAsync(context))
                : !listeners.IsAdmin(context)
                ? GatewayResponseWriter.WriteAsync(context, GatewayResponse.NotFound) // the control plane is on the admin listener only
                : Telemetry.IsScrape(context.Request)
                ? next(context)
                : SnsPublicEndpoint.Handles(context.Request)
                ? snsPublic.InvokeAsync(context)
                : ControlPlaneMiddleware.InvokeAsync(context, next, authenticator, throttle, logger));
        app.UseRouting();
        var credentials = app.Services.GetRequiredService<CredentialRegistry>();
        var controlPlaneOptions = app.Services.GetRequiredService<ControlPlaneOptions>();
        app.Use((context, next) => ControlPlaneAccess.InvokeAsync(context, next, credentials, controlPlaneOptions));
        ApiGatewayV2Endpoints.Map(app);
        ApiGatewayEndpoints.Map(app);
        LambdaEndpoints.Map(app);
        MapQueryServices(app);
        Telemetry.Map(app);
        app.MapFallback(context => throw (context.Request.Path.StartsWithSegments("/v2")
            ? AwsException.BadRequest($"Gatehouse does not support the apigatewayv2 operation {context.Request.Method} {context.Request.Path} yet")
            : ApiGatewayEndpoints.IsApiGatewayPath(context.Request.Path)
            ? AwsException.BadRequest($"Gatehouse does not support the apigateway operation {context.Request.Method} {context.Request.Path} yet")
            : new AwsException(404, "UnknownOperationException", $"No operation matches {context.Request.Method} {context.Request.Path}")));

        await app.StartAsync(cancellationToken);
        foreach (var (address, admin) in listeners.Addresses)
        {
            // Tests and scripts wait for this line; with port 0 it tells the port that was picked.
            Console.WriteLine(admin ? $"Gatehouse admin listener on {address}" : $"Gatehouse listening on {address}");
        }

        LogStarted(logger, options.DataDirectory, options.Region, options.AccountId,
            state is RedisStateStore ? "Redis at " + options.StateStore!.Endpoint : "this node's memory");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Local Lambda: the Runtime API, every stored function, and from now on every change to them.</summary>
    private static async Task StartFunctionsAsync(FunctionHost functions, IConfigStore store, CancellationToken cancellationToken)
    {
        await functions.StartAsync(cancellationToken);
        store.FunctionChanges.Subscribe((change, _) =>
        {
            functions.Apply(change.FunctionName, change.Document);
            return Task.CompletedTask;
        });
        foreach (var document in await store.ListFunctionsAsync(cancellationToken))
        {
            functions.Apply(document.FunctionName, document);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gatehouse started: data in {DataDirectory}, region {Region}, account {AccountId}, shared state in {StateStore}")]
    private static partial void LogStarted(ILogger logger, string dataDirectory, string region, string accountId, string stateStore);
}

/// <summary>The connection pool to integration backends, shared by every HTTP_PROXY integration.</summary>
internal static class BackendClient
{
    public static HttpMessageInvoker Create() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
    });
}
