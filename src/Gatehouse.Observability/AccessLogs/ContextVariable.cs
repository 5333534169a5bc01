namespace Gatehouse.Observability.AccessLogs;

/// <summary>
/// The <c>$context</c> variables an HTTP API's access log format may use (http-api-logging-variables), as compiled
/// by <see cref="AccessLogFormat"/>. Aliases AWS documents as equivalent compile to one member.
/// </summary>
public enum ContextVariable
{
    AccountId,
    ApiId,

    /// <summary><c>authorizer.claims.{name}</c>: a JWT claim; <c>authorizer.claims</c> alone is null.</summary>
    AuthorizerClaim,
    AuthorizerError,
    AuthorizerPrincipalId,

    /// <summary><c>authorizer.{name}</c>: a value of a Lambda authorizer's context.</summary>
    AuthorizerProperty,
    AwsEndpointRequestId,
    AwsEndpointRequestId2,
    CustomDomainBasePathMatched,
    DataProcessed,
    DomainName,
    DomainPrefix,
    ErrorMessage,
    ErrorMessageString,
    ErrorResponseType,
    ExtendedRequestId,
    HttpMethod,
    IdentityAccessKey,
    IdentityAccountId,
    IdentityCaller,
    IdentityCognitoAuthenticationProvider,
    IdentityCognitoAuthenticationType,
    IdentityCognitoIdentityId,
    IdentityCognitoIdentityPoolId,
    IdentityPrincipalOrgId,
    IdentityClientCertPem,
    IdentityClientCertSubjectDN,
    IdentityClientCertIssuerDN,
    IdentityClientCertSerialNumber,
    IdentityClientCertNotBefore,
    IdentityClientCertNotAfter,
    IdentitySourceIp,
    IdentityUser,
    IdentityUserAgent,
    IdentityUserArn,

    /// <summary><c>integration.error</c> and <c>integrationErrorMessage</c>.</summary>
    IntegrationError,

    /// <summary><c>integration.integrationStatus</c> and <c>integrationStatus</c>: Lambda's own status for Lambda integrations.</summary>
    IntegrationServiceStatus,

    /// <summary><c>integration.latency</c> and <c>integrationLatency</c>.</summary>
    IntegrationLatency,

    /// <summary><c>integration.requestId</c>: the integration's request id.</summary>
    IntegrationRequestId,

    /// <summary><c>integration.status</c>: the backend's status, or the status the Lambda function returned.</summary>
    IntegrationStatus,
    Path,
    Protocol,
    RequestId,
    RequestTime,
    RequestTimeEpoch,
    ResponseLatency,
    ResponseLength,
    RouteKey,
    Stage,
    Status,

    /// <summary>REST APIs only (api-gateway-mapping-template-reference): the matched resource's id.</summary>
    ResourceId,

    /// <summary>REST APIs only: the matched resource's path (<c>/pets/{id}</c>).</summary>
    ResourcePath,

    /// <summary>REST APIs only: the deployment the stage serves.</summary>
    DeploymentId,
}
