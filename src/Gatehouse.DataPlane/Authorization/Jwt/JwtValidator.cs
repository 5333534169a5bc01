using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The process-wide part of JWT authorizers: one HTTP client (a shared <see cref="SocketsHttpHandler"/>) for discovery
/// and JWKS requests, the issuers' keys, and the cache of validated tokens. Create one at start; compile each
/// deployment's JWT authorizers with <see cref="CreateAuthorizer"/>.
/// </summary>
public sealed class JwtValidator : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IssuerKeyCache _issuers;
    private long _nextAuthorizerId;

    public JwtValidator(JwtValidatorOptions? options = null, TimeProvider? timeProvider = null, ILogger<JwtValidator>? logger = null)
    {
        Options = options ?? new JwtValidatorOptions();
        Time = timeProvider ?? TimeProvider.System;
        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = Options.FetchTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            MaxAutomaticRedirections = 5,
            UseCookies = false,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Gatehouse-JwtAuthorizer/1.0");
        var fetcher = new OidcKeyFetcher(_http, Options, Time, log);
        _issuers = new IssuerKeyCache(Options, issuer => new IssuerKeyState(issuer, fetcher, Options, Time, log, _shutdown.Token));
        Tokens = new ValidatedTokenCache(Options.TokenCacheCapacity, Options.TokenCacheTtl);
        Handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = Options.MaxTokenLength, MapInboundClaims = false };
    }

    public JwtValidatorOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ValidatedTokenCache Tokens { get; }

    internal JsonWebTokenHandler Handler { get; }

    internal IssuerKeyCache Issuers => _issuers;

    /// <summary>
    /// The authorizer for one <c>jwtConfiguration</c>, built once per deployment. It shares the issuer's keys with every
    /// other authorizer naming the same issuer; nothing is fetched until a request needs a key.
    /// </summary>
    public JwtAuthorizer CreateAuthorizer(JwtAuthorizerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(config.Issuer);
        ArgumentNullException.ThrowIfNull(config.Audiences);
        return new JwtAuthorizer(config, this, _issuers.For(config.Issuer), Interlocked.Increment(ref _nextAuthorizerId));
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _http.Dispose();
        _shutdown.Dispose();
    }
}
