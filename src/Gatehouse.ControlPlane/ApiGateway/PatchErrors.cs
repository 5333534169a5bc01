namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>AWS's validation errors, shared by patches and other inputs.</summary>
public static class PatchErrors
{
    /// <summary>AWS's <c>N validation error(s) detected: ...</c>, as a 400 ValidationException.</summary>
    public static AwsException ValidationException(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new AwsException(400, "ValidationException",
            $"{errors.Count} validation error{(errors.Count == 1 ? "" : "s")} detected: {string.Join("; ", errors)}");
    }
}
