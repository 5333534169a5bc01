using System.Text.RegularExpressions;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>
/// Checks an HTTP API authorizer as it will be stored, collecting every problem. Texts that AWS is known to use are
/// kept word for word (see the constants); the others name the member at fault.
/// </summary>
internal static partial class AuthorizerValidation
{
    public const int MaxAuthorizersPerApi = 10;
    public const int MaxAudiences = 50;
    public const int MaxResultTtlInSeconds = 3600;

    // AWS's own texts (terraform-provider-aws #15181 and #32629).
    public const string PayloadFormatVersionRequired = "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer";
    public const string IdentitySourceRequiredForCaching = "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)";

    public static void Validate(Validation validation, Authorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(authorizer);
        if (authorizer.Name.Length == 0)
        {
            validation.Add("Name is required");
        }
        else
        {
            validation.Length("Name", authorizer.Name, 1, 128);
        }

        validation.Require(authorizer.IdentityValidationExpression is null,
            "IdentityValidationExpression is not used by HTTP API authorizers; leave it out");
        switch (authorizer.AuthorizerType)
        {
            case AuthorizerTypes.Jwt:
                ValidateJwt(validation, authorizer);
                break;
            case AuthorizerTypes.Request:
                ValidateRequest(validation, authorizer);
                break;
            case "":
                validation.Add("AuthorizerType is required: REQUEST or JWT");
                break;
            default:
                validation.Add($"Invalid AuthorizerType '{authorizer.AuthorizerType}': must be one of [REQUEST, JWT]");
                break;
        }
    }

    /// <summary>
    /// An issuer URL: https, or http on a loopback host (localhost, *.localhost, 127.0.0.0/8, ::1) so that a local OIDC
    /// provider can issue tokens for a local gateway. AWS itself takes https only.
    /// </summary>
    public static bool IsValidIssuer(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLoopbackHost(uri))) &&
        uri.Host.Length > 0 && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static void ValidateJwt(Validation validation, Authorizer authorizer)
    {
        var sources = authorizer.IdentitySource ?? [];
        validation.Require(sources.Count == 1 &&
            IdentitySourceExpression.TryParse(sources[0], out var source, out _) &&
            source.Kind is IdentitySourceKind.Header or IdentitySourceKind.QueryString,
            $"Invalid IdentitySource [{string.Join(", ", sources)}]: a JWT authorizer takes exactly one " +
            "$request.header.{name} or $request.querystring.{name} expression, for example $request.header.Authorization");

        if (authorizer.JwtConfiguration is not { } jwt)
        {
            validation.Add("JwtConfiguration is required for JWT authorizers: Issuer and Audience");
        }
        else
        {
            if (jwt.Issuer is null or "")
            {
                validation.Add("JwtConfiguration.Issuer is required for JWT authorizers");
            }
            else
            {
                validation.Length("JwtConfiguration.Issuer", jwt.Issuer, 1, 2048);
                validation.Require(IsValidIssuer(jwt.Issuer),
                    $"Invalid JwtConfiguration.Issuer '{jwt.Issuer}': must be an https:// URL without query or fragment " +
                    "(http:// is accepted for loopback hosts such as localhost and 127.0.0.1)");
            }

            var audience = jwt.Audience ?? [];
            validation.Require(audience.Count > 0, "JwtConfiguration.Audience is required for JWT authorizers: at least one audience");
            validation.Require(audience.Count <= MaxAudiences, $"JwtConfiguration.Audience must hold at most {MaxAudiences} entries");
            validation.Require(audience.All(a => a.Length > 0), "JwtConfiguration.Audience entries must not be empty");
        }

        foreach (var (member, present) in new[]
        {
            ("AuthorizerUri", authorizer.AuthorizerUri is not null),
            ("AuthorizerCredentialsArn", authorizer.AuthorizerCredentialsArn is not null),
            ("AuthorizerPayloadFormatVersion", authorizer.AuthorizerPayloadFormatVersion is not null),
            ("AuthorizerResultTtlInSeconds", authorizer.AuthorizerResultTtlInSeconds is not null),
            ("EnableSimpleResponses", authorizer.EnableSimpleResponses is not null),
        })
        {
            validation.Require(!present, $"{member} applies to REQUEST (Lambda) authorizers only, not to JWT authorizers");
        }
    }

    private static void ValidateRequest(Validation validation, Authorizer authorizer)
    {
        ValidateUri(validation, authorizer.AuthorizerUri);

        switch (authorizer.AuthorizerPayloadFormatVersion)
        {
            case null or "":
                validation.Add(PayloadFormatVersionRequired);
                break;
            case "1.0" or "2.0":
                validation.Require(authorizer.EnableSimpleResponses != true || authorizer.AuthorizerPayloadFormatVersion == "2.0",
                    "EnableSimpleResponses can only be true with AuthorizerPayloadFormatVersion 2.0");
                break;
            default:
                validation.Add($"Invalid AuthorizerPayloadFormatVersion '{authorizer.AuthorizerPayloadFormatVersion}': must be 1.0 or 2.0");
                break;
        }

        var sources = authorizer.IdentitySource ?? [];
        var ttl = authorizer.AuthorizerResultTtlInSeconds ?? 0;
        if (ttl is < 0 or > MaxResultTtlInSeconds)
        {
            validation.Add($"Invalid AuthorizerResultTtlInSeconds {ttl}: must be between 0 and {MaxResultTtlInSeconds}");
        }
        else
        {
            validation.Require(ttl == 0 || sources.Count > 0, IdentitySourceRequiredForCaching);
        }

        foreach (var expression in sources)
        {
            if (!IdentitySourceExpression.TryParse(expression, out _, out var error))
            {
                validation.Add(error);
            }
        }

        validation.Require(sources.Distinct(StringComparer.Ordinal).Count() == sources.Count, "IdentitySource must not list an expression twice");
        validation.Require(authorizer.JwtConfiguration is null, "JwtConfiguration applies to JWT authorizers only, not to REQUEST authorizers");
        if (authorizer.AuthorizerCredentialsArn is { } role)
        {
            validation.Require(RoleArnPattern().IsMatch(role),
                $"Invalid AuthorizerCredentialsArn '{role}': must be an IAM role ARN (arn:aws:iam::{{account}}:role/{{name}})");
        }
    }

    /// <summary>A REQUEST authorizer's URI must be API Gateway's Lambda invocation URI (a bare function ARN is not enough).</summary>
    private static void ValidateUri(Validation validation, string? uri)
    {
        const string Form = "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations";
        if (uri is null or "")
        {
            validation.Add($"AuthorizerUri is required for REQUEST authorizers: {Form}");
            return;
        }

        validation.Length("AuthorizerUri", uri, 1, 2048);
        var parts = uri.Split(':', 4);
        if (parts.Length < 3 || parts[0] != "arn" || parts[2] != "apigateway")
        {
            validation.Add($"Invalid AuthorizerUri '{uri}': a Lambda authorizer's URI has the form {Form}");
        }
        else if (!LambdaFunctionUri.TryParse(uri, out _, out var error))
        {
            validation.Add(error.Replace("IntegrationUri", "AuthorizerUri", StringComparison.Ordinal)
                .Replace("an AWS_PROXY integration needs", "a Lambda authorizer needs", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/([\\x21-\\x7e]+/)?[A-Za-z0-9_+=,.@-]{1,64}$")]
    private static partial Regex RoleArnPattern();
}
