using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using Gatehouse.Observability.Logs;

namespace Gatehouse.Observability.AccessLogs;

/// <summary>
/// A stage's access log format, compiled once per deployment: literal text and <c>$context</c> variables. A variable
/// the request has no value for is written <c>-</c>, as API Gateway writes it. A format with variables HTTP APIs do
/// not support is refused by the control plane (<see cref="UnsupportedVariables"/>), as AWS refuses it.
/// </summary>
public sealed class AccessLogFormat
{
    private const string Prefix = "$context.";

    /// <summary>AWS's limit on a format: 3 KB.</summary>
    public const int MaxFormatLength = 3072;

    private static readonly FrozenDictionary<string, ContextVariable> Names = new Dictionary<string, ContextVariable>(StringComparer.Ordinal)
    {
        ["accountId"] = ContextVariable.AccountId,
        ["apiId"] = ContextVariable.ApiId,
        ["authorizer.claims"] = ContextVariable.AuthorizerClaim,
        ["authorizer.error"] = ContextVariable.AuthorizerError,
        ["authorizer.principalId"] = ContextVariable.AuthorizerPrincipalId,
        ["awsEndpointRequestId"] = ContextVariable.AwsEndpointRequestId,
        ["awsEndpointRequestId2"] = ContextVariable.AwsEndpointRequestId2,
        ["customDomain.basePathMatched"] = ContextVariable.CustomDomainBasePathMatched,
        ["dataProcessed"] = ContextVariable.DataProcessed,
        ["domainName"] = ContextVariable.DomainName,
        ["domainPrefix"] = ContextVariable.DomainPrefix,
        ["error.message"] = ContextVariable.ErrorMessage,
        ["error.messageString"] = ContextVariable.ErrorMessageString,
        ["error.responseType"] = ContextVariable.ErrorResponseType,
        ["extendedRequestId"] = ContextVariable.ExtendedRequestId,
        ["httpMethod"] = ContextVariable.HttpMethod,
        ["identity.accessKey"] = ContextVariable.IdentityAccessKey,
        ["identity.accountId"] = ContextVariable.IdentityAccountId,
        ["identity.caller"] = ContextVariable.IdentityCaller,
        ["identity.cognitoAuthenticationProvider"] = ContextVariable.IdentityCognitoAuthenticationProvider,
        ["identity.cognitoAuthenticationType"] = ContextVariable.IdentityCognitoAuthenticationType,
        ["identity.cognitoIdentityId"] = ContextVariable.IdentityCognitoIdentityId,
        ["identity.cognitoIdentityPoolId"] = ContextVariable.IdentityCognitoIdentityPoolId,
        ["identity.principalOrgId"] = ContextVariable.IdentityPrincipalOrgId,
        ["identity.clientCert.clientCertPem"] = ContextVariable.IdentityClientCertPem,
        ["identity.clientCert.subjectDN"] = ContextVariable.IdentityClientCertSubjectDN,
        ["identity.clientCert.issuerDN"] = ContextVariable.IdentityClientCertIssuerDN,
        ["identity.clientCert.serialNumber"] = ContextVariable.IdentityClientCertSerialNumber,
        ["identity.clientCert.validity.notBefore"] = ContextVariable.IdentityClientCertNotBefore,
        ["identity.clientCert.validity.notAfter"] = ContextVariable.IdentityClientCertNotAfter,
        ["identity.sourceIp"] = ContextVariable.IdentitySourceIp,
        ["identity.user"] = ContextVariable.IdentityUser,
        ["identity.userAgent"] = ContextVariable.IdentityUserAgent,
        ["identity.userArn"] = ContextVariable.IdentityUserArn,
        ["integration.error"] = ContextVariable.IntegrationError,
        ["integration.integrationStatus"] = ContextVariable.IntegrationServiceStatus,
        ["integration.latency"] = ContextVariable.IntegrationLatency,
        ["integration.requestId"] = ContextVariable.IntegrationRequestId,
        ["integration.status"] = ContextVariable.IntegrationStatus,
        ["integrationErrorMessage"] = ContextVariable.IntegrationError,
        ["integrationLatency"] = ContextVariable.IntegrationLatency,
        ["integrationStatus"] = ContextVariable.IntegrationServiceStatus,
        ["path"] = ContextVariable.Path,
        ["protocol"] = ContextVariable.Protocol,
        ["requestId"] = ContextVariable.RequestId,
        ["requestTime"] = ContextVariable.RequestTime,
        ["requestTimeEpoch"] = ContextVariable.RequestTimeEpoch,
        ["responseLatency"] = ContextVariable.ResponseLatency,
        ["responseLength"] = ContextVariable.ResponseLength,
        ["routeKey"] = ContextVariable.RouteKey,
        ["stage"] = ContextVariable.Stage,
        ["status"] = ContextVariable.Status,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>What REST APIs' access logs add to HTTP APIs' variables (facts §6.2).</summary>
    private static readonly FrozenDictionary<string, ContextVariable> RestNames = new Dictionary<string, ContextVariable>(StringComparer.Ordinal)
    {
        ["deploymentId"] = ContextVariable.DeploymentId,
        ["resourceId"] = ContextVariable.ResourceId,
        ["resourcePath"] = ContextVariable.ResourcePath,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [ThreadStatic]
    private static StringBuilder? t_builder;

    [ThreadStatic]
    private static char[]? t_chars;

    private readonly ImmutableArray<Segment> _segments;

    private AccessLogFormat(string text, ImmutableArray<Segment> segments, ImmutableArray<string> unsupported)
    {
        Text = text;
        _segments = segments;
        UnsupportedVariables = unsupported;
    }

    /// <summary>The format as configured.</summary>
    public string Text { get; }

    /// <summary>The variables HTTP APIs do not support, as written (<c>$context.resourcePath</c>), in order of appearance.</summary>
    public ImmutableArray<string> UnsupportedVariables { get; }

    /// <summary>Whether the format names <c>$context.requestId</c> or <c>$context.extendedRequestId</c>, as AWS requires.</summary>
    public bool HasRequestId => _segments.Any(s => s.Variable is ContextVariable.RequestId or ContextVariable.ExtendedRequestId);

    /// <summary>
    /// Compiles a format. A variable's name runs over letters, digits, <c>_</c> and <c>.</c> after <c>$context.</c>
    /// (a final <c>.</c> is text); <c>authorizer.{name}</c> and <c>authorizer.claims.{name}</c> take any name.
    /// </summary>
    public static AccessLogFormat Parse(string format) => Parse(format, restApi: false);

    /// <summary>Compiles a format for an HTTP API, or for a REST API (<paramref name="restApi"/>), which also knows <c>resourcePath</c> and the like.</summary>
    public static AccessLogFormat Parse(string format, bool restApi)
    {
        ArgumentNullException.ThrowIfNull(format);
        var segments = ImmutableArray.CreateBuilder<Segment>();
        var unsupported = ImmutableArray.CreateBuilder<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var next = format.IndexOf(Prefix, i, StringComparison.Ordinal);
            if (next < 0)
            {
                literal.Append(format, i, format.Length - i);
                break;
            }

            literal.Append(format, i, next - i);
            var start = next + Prefix.Length;
            var end = start;
            while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] is '_' or '.'))
            {
                end++;
            }

            while (end > start && format[end - 1] == '.')
            {
                end--;
            }

            if (end == start)
            {
                literal.Append(Prefix);
                i = start;
                continue;
            }

            var name = format[start..end];
            var resolved = restApi && RestNames.TryGetValue(name, out var rest) ? (rest, null) : Resolve(name);
            if (resolved is { } variable)
            {
                if (literal.Length > 0)
                {
                    segments.Add(new Segment(literal.ToString(), null, null));
                    literal.Clear();
                }

                segments.Add(new Segment(null, variable.Variable, variable.Property));
            }
            else
            {
                unsupported.Add(Prefix + name);
                literal.Append(format, next, end - next);
            }

            i = end;
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null, null));
        }

        return new AccessLogFormat(format, segments.ToImmutable(), unsupported.ToImmutable());
    }

    /// <summary>One log line for one request.</summary>
    public string Render<TValues>(TValues values) where TValues : IAccessLogValues
    {
        var builder = Build(values);
        var line = builder.ToString();
        Trim(builder.Capacity);
        return line;
    }

    /// <summary>
    /// Renders the request's line and queues it on <paramref name="writer"/>, which encodes it from this thread's buffer:
    /// no string is made. False when the writer dropped it.
    /// </summary>
    public bool Write<TValues>(ILogWriter writer, string logGroupName, string logStreamName, long timestamp, TValues values) where TValues : IAccessLogValues
    {
        ArgumentNullException.ThrowIfNull(writer);
        var builder = Build(values);
        var length = builder.Length;
        if (t_chars is not { } chars || chars.Length < length)
        {
            t_chars = chars = new char[Math.Max(length, 512)];
        }

        builder.CopyTo(0, chars, length);
        var queued = writer.TryWrite(logGroupName, logStreamName, timestamp, chars.AsSpan(0, length));
        Trim(builder.Capacity);
        return queued;
    }

    private StringBuilder Build<TValues>(TValues values) where TValues : IAccessLogValues
    {
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        foreach (var segment in _segments)
        {
            if (segment.Literal is { } text)
            {
                builder.Append(text);
            }
            else if (!values.TryAppend(builder, segment.Variable!.Value, segment.Property))
            {
                builder.Append('-');
            }
        }

        return builder;
    }

    /// <summary>Does not keep this thread's buffers alive at the size of one outsized line.</summary>
    private static void Trim(int capacity)
    {
        if (capacity > 64 * 1024)
        {
            t_builder = null;
            t_chars = null;
        }
    }

    private static (ContextVariable Variable, string? Property)? Resolve(string name)
    {
        if (Names.TryGetValue(name, out var variable))
        {
            return (variable, null);
        }

        const string claims = "authorizer.claims.";
        if (name.StartsWith(claims, StringComparison.Ordinal) && name.Length > claims.Length)
        {
            return (ContextVariable.AuthorizerClaim, name[claims.Length..]);
        }

        const string authorizer = "authorizer.";
        if (name.StartsWith(authorizer, StringComparison.Ordinal) && name.Length > authorizer.Length && name.IndexOf('.', authorizer.Length) < 0)
        {
            return (ContextVariable.AuthorizerProperty, name[authorizer.Length..]);
        }

        return null;
    }

    private readonly record struct Segment(string? Literal, ContextVariable? Variable, string? Property);
}
