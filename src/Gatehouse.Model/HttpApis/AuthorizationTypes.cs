namespace Gatehouse.Model.HttpApis;

/// <summary>The values of a route's <see cref="Route.AuthorizationType"/>, and the authorizer type each one needs.</summary>
public static class AuthorizationTypes
{
    public const string None = "NONE";
    public const string AwsIam = "AWS_IAM";

    /// <summary>A JWT authorizer (<see cref="AuthorizerTypes.Jwt"/>) named by the route's authorizer id.</summary>
    public const string Jwt = "JWT";

    /// <summary>A Lambda authorizer (<see cref="AuthorizerTypes.Request"/>) named by the route's authorizer id.</summary>
    public const string Custom = "CUSTOM";

    public static readonly IReadOnlyList<string> All = [None, AwsIam, Custom, Jwt];

    /// <summary>The authorizer type a route of this authorization type must name, or null when it names none.</summary>
    public static string? RequiredAuthorizerType(string? authorizationType) => authorizationType switch
    {
        Jwt => AuthorizerTypes.Jwt,
        Custom => AuthorizerTypes.Request,
        _ => null,
    };
}
