namespace Gatehouse.ControlPlane.Lambda;

/// <summary>The runtimes Gatehouse runs locally, and the ones Lambda itself no longer accepts.</summary>
internal static class Runtimes
{
    public static readonly IReadOnlyList<string> Supported =
    [
        "nodejs18.x", "nodejs20.x", "nodejs22.x",
        "python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13",
        "provided", "provided.al2", "provided.al2023",
    ];

    private static readonly HashSet<string> Deprecated = new(StringComparer.Ordinal)
    {
        "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
        "python2.7", "python3.6", "python3.7",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet7",
        "ruby2.5", "ruby2.7", "go1.x", "java8",
    };

    /// <summary>The custom runtimes: the package brings its own <c>bootstrap</c>, and Handler is optional.</summary>
    public static bool IsCustom(string runtime) => runtime.StartsWith("provided", StringComparison.Ordinal);

    /// <summary>Lambda's refusal of a runtime it does not (or no longer) accept, naming the runtime as Lambda does.</summary>
    public static AwsException? Check(string runtime) =>
        Supported.Contains(runtime, StringComparer.Ordinal)
            ? null
            : Deprecated.Contains(runtime)
                ? LambdaErrors.InvalidParameter(
                    $"The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.")
                : LambdaErrors.InvalidParameter(
                    $"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Supported)}] or be a valid ARN");
}
