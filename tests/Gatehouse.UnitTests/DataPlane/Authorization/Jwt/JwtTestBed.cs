using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.Tests.Shared.Oidc;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>
/// Given a local OIDC issuer with one RSA key, a validator on a manual clock, and an authorizer for that issuer and
/// the audience <see cref="Audience"/>.
/// </summary>
internal sealed class JwtTestBed : IAsyncDisposable
{
    public const string Audience = "client-app";

    /// <summary>
    /// The validator's defaults, but a generous fetch timeout: on a loaded two-core machine a cold Kestrel's first
    /// answer can take longer than AWS's 1500 ms. The timeout tests set their own.
    /// </summary>
    public static readonly JwtValidatorOptions Defaults = new() { FetchTimeout = TimeSpan.FromSeconds(10) };

    private JwtTestBed(TestOidcIssuer issuer, JwtValidator validator, ManualClock clock)
    {
        Issuer = issuer;
        Validator = validator;
        Clock = clock;
        RsaKid = issuer.AddRsaKey();
        Authorizer = CreateAuthorizer(Audience);
    }

    public TestOidcIssuer Issuer { get; }

    public JwtValidator Validator { get; }

    public ManualClock Clock { get; }

    public string RsaKid { get; }

    public JwtAuthorizer Authorizer { get; }

    public static async Task<JwtTestBed> StartAsync(JwtValidatorOptions? options = null, string issuerPath = "")
    {
        var issuer = await TestOidcIssuer.StartAsync(issuerPath);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        return new JwtTestBed(issuer, new JwtValidator(options ?? Defaults, clock), clock);
    }

    public JwtAuthorizer CreateAuthorizer(params string[] audiences) =>
        Validator.CreateAuthorizer(new JwtAuthorizerConfig(Issuer.Issuer, audiences));

    public Dictionary<string, object?> Claims() => Issuer.Claims(Audience, Clock.Now);

    /// <summary>A token from the issuer: the usual claims, changed by <paramref name="edit"/>, signed with the RSA key.</summary>
    public string Token(Action<Dictionary<string, object?>>? edit = null, string? kid = null, string? algorithm = null)
    {
        var claims = Claims();
        edit?.Invoke(claims);
        return Issuer.CreateToken(kid ?? RsaKid, claims, algorithm);
    }

    public ValueTask<JwtAuthorizationResult> AuthorizeAsync(string? identity, IReadOnlyList<string>? routeScopes = null) =>
        Authorizer.AuthorizeAsync(identity, routeScopes);

    public async ValueTask DisposeAsync()
    {
        Validator.Dispose();
        await Issuer.DisposeAsync();
    }
}
