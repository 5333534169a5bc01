namespace Gatehouse.DataPlane.RestApis;

/// <summary>A method of a resource as the data plane runs it, compiled once per deployment.</summary>
public sealed class CompiledRestMethod
{
    public required string ResourceId { get; init; }

    /// <summary>The resource's path: <c>/pets/{id}</c>.</summary>
    public required string ResourcePath { get; init; }

    /// <summary>The method as defined: a verb or <c>ANY</c>.</summary>
    public required string HttpMethod { get; init; }

    /// <summary>The method's position in its deployment (<see cref="CompiledRestDeployment.Methods"/>): its stage settings are found by it.</summary>
    public required int Index { get; init; }

    /// <summary><c>NONE</c>, <c>AWS_IAM</c>, <c>CUSTOM</c> or <c>COGNITO_USER_POOLS</c>.</summary>
    public required string AuthorizationType { get; init; }

    /// <summary>The Lambda or Cognito authorize step of a <c>CUSTOM</c> or <c>COGNITO_USER_POOLS</c> method; null otherwise.</summary>
    public Authorization.RestMethodAuthorizer? Authorizer { get; init; }

    /// <summary><c>apiKeyRequired</c>: the request needs an API key of a usage plan of the stage.</summary>
    public bool ApiKeyRequired { get; init; }

    public RestMethodValidation? Validation { get; init; }

    /// <summary>The integration; null when the method has none.</summary>
    public RestIntegrationTarget? Integration { get; init; }

    /// <summary>The method's key in a stage's <c>methodSettings</c>: the resource path without its leading slash, then the method.</summary>
    public string SettingsKey => $"{ResourcePath.TrimStart('/')}/{HttpMethod}";
}
