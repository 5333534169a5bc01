using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Tests.Shared.Oidc;

/// <summary>
/// A real OpenID Connect issuer for tests: Kestrel on 127.0.0.1 (a free port) serving
/// <c>{Issuer}/.well-known/openid-configuration</c> and the JWKS at <c>{Issuer}/jwks</c>, with RSA and EC keys the test
/// adds, rotates and removes, and tokens minted with Microsoft.IdentityModel. It counts the requests it gets and can
/// misbehave on demand (slow, down, oversized JWKS). Shared by the unit and integration tests (linked from
/// <c>tests/Shared/Oidc</c>).
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private static readonly string[] SigningAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

    private readonly ConcurrentDictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private int _discoveryRequests;
    private int _jwksRequests;
    private int _nextKid;

    private TestOidcIssuer(WebApplication app, string issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    /// <summary>The issuer URL, <c>http://127.0.0.1:{port}{path}</c>, as tokens carry it in <c>iss</c>.</summary>
    public string Issuer { get; }

    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>Every request waits this long before answering (to test timeouts).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Both endpoints answer 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Adds a member of this many bytes to the JWKS (to test the size limit).</summary>
    public int JwksPaddingBytes { get; set; }

    /// <summary>The JWKS is written in chunks without a Content-Length (the size limit must hold while reading).</summary>
    public bool ChunkedJwks { get; set; }

    /// <summary>When set, the discovery document's body, verbatim.</summary>
    public string? DiscoveryOverride { get; set; }

    /// <summary>When set, the JWKS body, verbatim.</summary>
    public string? JwksOverride { get; set; }

    /// <param name="path">A path after the authority, e.g. <c>/us-east-1_pool</c> as Cognito's issuers have.</param>
    public static async Task<TestOidcIssuer> StartAsync(string path = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TestOidcIssuer? issuer = null;
        app.MapGet(path + "/.well-known/openid-configuration", context => issuer!.DiscoveryAsync(context));
        app.MapGet(path + "/jwks", context => issuer!.JwksAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer = new TestOidcIssuer(app, new Uri(address).GetLeftPart(UriPartial.Authority) + path);
        return issuer;
    }

    /// <summary>Adds an RSA key to the JWKS; returns its kid.</summary>
    public string AddRsaKey(string? kid = null, int keySize = 2048)
    {
        kid ??= NextKid("rsa");
        var rsa = RSA.Create(keySize);
        _keys[kid] = new SigningKey(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);
        return kid;
    }

    /// <summary>Adds an EC key (P-256 by default) to the JWKS; returns its kid.</summary>
    public string AddEcKey(string? kid = null, ECCurve? curve = null)
    {
        kid ??= NextKid("ec");
        var ecdsa = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var algorithm = ecdsa.KeySize switch { 384 => SecurityAlgorithms.EcdsaSha384, 521 => SecurityAlgorithms.EcdsaSha512, _ => SecurityAlgorithms.EcdsaSha256 };
        _keys[kid] = new SigningKey(new ECDsaSecurityKey(ecdsa) { KeyId = kid }, algorithm);
        return kid;
    }

    public void RemoveKey(string kid) => _keys.TryRemove(kid, out _);

    /// <summary>The issuer's public RSA key as PEM: what an attacker would use as an HMAC secret.</summary>
    public string RsaPublicKeyPem(string kid) => ((RsaSecurityKey)_keys[kid].Key).Rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>The usual claims of a token for <paramref name="audience"/>, valid for an hour from <paramref name="now"/>.</summary>
    public Dictionary<string, object?> Claims(string audience, DateTimeOffset now) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "user-1",
        ["aud"] = audience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
    };

    /// <summary>A token signed with the key <paramref name="kid"/> (its own algorithm unless one is given).</summary>
    public string CreateToken(string kid, IReadOnlyDictionary<string, object?> claims, string? algorithm = null)
    {
        var key = _keys[kid];
        var credentials = new SigningCredentials(key.Key, algorithm ?? key.Algorithm);
        return _handler.CreateToken(JsonSerializer.Serialize(claims), credentials);
    }

    /// <summary>A token with any header and payload and the given signature bytes, e.g. <c>{"alg":"none"}</c>.</summary>
    public static string CreateRawToken(object header, object payload, byte[]? signature = null) =>
        $"{Encode(header)}.{Encode(payload)}.{(signature is null ? "" : Base64UrlEncoder.Encode(signature))}";

    /// <summary>A token signed with HMAC-SHA256 keyed by <paramref name="secret"/> (the algorithm-confusion attack).</summary>
    public static string CreateHs256Token(object header, object payload, byte[] secret)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        return $"{signingInput}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)))}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));

    private string NextKid(string prefix) => $"{prefix}-{Interlocked.Increment(ref _nextKid)}";

    private async Task<bool> MisbehaveAsync(HttpContext context)
    {
        if (ResponseDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(ResponseDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        if (Unavailable)
        {
            context.Response.StatusCode = 503;
            return true;
        }

        return false;
    }

    private async Task DiscoveryAsync(HttpContext context)
    {
        Interlocked.Increment(ref _discoveryRequests);
        if (await MisbehaveAsync(context))
        {
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(DiscoveryOverride ?? JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = SigningAlgorithms,
        }));
    }

    private async Task JwksAsync(HttpContext context)
    {
        Interlocked.Increment(ref _jwksRequests);
        if (await MisbehaveAsync(context))
        {
            return;
        }

        var body = Encoding.UTF8.GetBytes(JwksOverride ?? JwksDocument());
        context.Response.ContentType = "application/json";
        if (!ChunkedJwks)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
            return;
        }

        foreach (var chunk in body.Chunk(8192))
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private string JwksDocument()
    {
        var keys = _keys.Values.Select(key => key.Key switch
        {
            RsaSecurityKey rsa => (object)new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["kid"] = rsa.KeyId,
                ["use"] = "sig",
                ["alg"] = key.Algorithm,
                ["n"] = Base64UrlEncoder.Encode(rsa.Rsa.ExportParameters(false).Modulus),
                ["e"] = Base64UrlEncoder.Encode(rsa.Rsa.ExportParameters(false).Exponent),
            },
            ECDsaSecurityKey ec => EcJwk(ec, key.Algorithm),
            _ => throw new InvalidOperationException("unknown key type"),
        }).ToList();
        var document = new Dictionary<string, object> { ["keys"] = keys };
        if (JwksPaddingBytes > 0)
        {
            document["padding"] = new string('x', JwksPaddingBytes);
        }

        return JsonSerializer.Serialize(document);
    }

    private static Dictionary<string, string> EcJwk(ECDsaSecurityKey key, string algorithm)
    {
        var parameters = key.ECDsa.ExportParameters(false);
        return new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["kid"] = key.KeyId,
            ["use"] = "sig",
            ["alg"] = algorithm,
            ["crv"] = key.ECDsa.KeySize switch { 384 => "P-384", 521 => "P-521", _ => "P-256" },
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
    }

    private sealed record SigningKey(SecurityKey Key, string Algorithm);
}
