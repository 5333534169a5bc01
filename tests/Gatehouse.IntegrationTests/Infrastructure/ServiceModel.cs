using System.Text.Json;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// The botocore model of apigatewayv2 (awscli 2.9.19) from the shared reference beside the repository, used as an
/// oracle for wire names. Absent in a plain clone: the tests that need it are skipped then.
/// </summary>
internal static class ServiceModel
{
    public static string? Path => RepositoryLayout.SharedReference is { } reference
        ? System.IO.Path.Combine(reference, "service-models", "apigatewayv2", "service-2.json") is var path && File.Exists(path) ? path : null
        : null;

    private static readonly Lazy<JsonElement> Model = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path ?? throw new InvalidOperationException("no service model"))).RootElement);

    /// <summary>The wire names (locationName, else the member name) of a shape's body members.</summary>
    public static HashSet<string> BodyMembers(string shape)
    {
        var members = Model.Value.GetProperty("shapes").GetProperty(shape).GetProperty("members");
        return [.. members.EnumerateObject()
            .Where(m => !m.Value.TryGetProperty("location", out _))
            .Select(m => m.Value.TryGetProperty("locationName", out var name) ? name.GetString()! : m.Name)];
    }

    /// <summary>The shape a member of a shape refers to.</summary>
    public static string MemberShape(string shape, string wireName) =>
        Model.Value.GetProperty("shapes").GetProperty(shape).GetProperty("members").EnumerateObject()
            .First(m => (m.Value.TryGetProperty("locationName", out var name) ? name.GetString() : m.Name) == wireName)
            .Value.GetProperty("shape").GetString()!;

    /// <summary>The HTTP status code of an operation's success answer.</summary>
    public static int SuccessCode(string operation) =>
        Model.Value.GetProperty("operations").GetProperty(operation).GetProperty("http").GetProperty("responseCode").GetInt32();

    public static IEnumerable<string> EnumValues(string shape) =>
        Model.Value.GetProperty("shapes").GetProperty(shape).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
}

/// <summary>A fact that needs the shared botocore model; skipped, saying why, when it is not there.</summary>
public sealed class ServiceModelFactAttribute : FactAttribute
{
    public ServiceModelFactAttribute()
    {
        if (ServiceModel.Path is null)
        {
            Skip = "needs ../shared/reference/service-models/apigatewayv2/service-2.json beside the repository (absent in a plain clone)";
        }
    }
}
