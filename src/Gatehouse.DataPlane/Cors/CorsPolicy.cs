using System.Globalization;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.DataPlane.Cors;

/// <summary>
/// An HTTP API's CORS configuration, prepared once: the gateway answers preflight requests itself and puts the
/// configured headers on responses to allowed origins, replacing any CORS headers the backend sent.
/// </summary>
public sealed class CorsPolicy
{
    private readonly bool _anyOrigin;
    private readonly string[] _origins;
    private readonly string[] _schemeWildcards;
    private readonly string? _allowMethods;
    private readonly string? _allowHeaders;
    private readonly string? _exposeHeaders;
    private readonly string? _maxAge;
    private readonly bool _allowCredentials;

    public CorsPolicy(Model.HttpApis.Cors cors)
    {
        ArgumentNullException.ThrowIfNull(cors);
        var origins = cors.AllowOrigins ?? [];
        _anyOrigin = origins.Contains("*");
        _schemeWildcards = [.. origins.Where(o => o is "http://*" or "https://*").Select(o => o[..^1])];
        _origins = [.. origins.Where(o => o != "*" && !o.EndsWith("://*", StringComparison.Ordinal))];
        _allowMethods = Join(cors.AllowMethods);
        _allowHeaders = Join(cors.AllowHeaders);
        _exposeHeaders = Join(cors.ExposeHeaders);
        _maxAge = cors.MaxAge is { } age and >= 0 ? age.ToString(CultureInfo.InvariantCulture) : null;
        _allowCredentials = cors.AllowCredentials == true;
    }

    public static CorsPolicy? From(Model.HttpApis.Cors? cors) => cors is null ? null : new CorsPolicy(cors);

    public static bool IsPreflight(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsOptions(request.Method) &&
            request.Headers.Origin.Count > 0 &&
            request.Headers.AccessControlRequestMethod.Count > 0;
    }

    /// <summary>Answers a preflight request: 204, with the CORS headers when the origin is allowed.</summary>
    public void WritePreflight(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        if (AllowedOrigin(context.Request.Headers.Origin) is not { } origin)
        {
            return;
        }

        WriteOriginHeaders(response.Headers, origin);
        if (_allowMethods is not null)
        {
            response.Headers.AccessControlAllowMethods = _allowMethods;
        }

        if (_allowHeaders is not null)
        {
            response.Headers.AccessControlAllowHeaders = _allowHeaders;
        }

        if (_maxAge is not null)
        {
            response.Headers.AccessControlMaxAge = _maxAge;
        }
    }

    /// <summary>Puts the CORS headers on a response to an actual (non-preflight) cross-origin request.</summary>
    public void ApplyToResponse(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        foreach (var name in headers.Keys.Where(k => k.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        if (AllowedOrigin(context.Request.Headers.Origin) is not { } origin)
        {
            return;
        }

        WriteOriginHeaders(headers, origin);
        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }
    }

    private void WriteOriginHeaders(IHeaderDictionary headers, string origin)
    {
        headers.AccessControlAllowOrigin = origin;
        if (origin != "*")
        {
            headers.Append("Vary", "Origin");
        }

        if (_allowCredentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }
    }

    private string? AllowedOrigin(StringValues originHeader)
    {
        var origin = originHeader.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        if (_anyOrigin)
        {
            return "*";
        }

        if (_origins.Any(o => o.Equals(origin, StringComparison.OrdinalIgnoreCase)) ||
            _schemeWildcards.Any(s => origin.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            return origin;
        }

        return null;
    }

    private static string? Join(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(',', values) : null;
}
