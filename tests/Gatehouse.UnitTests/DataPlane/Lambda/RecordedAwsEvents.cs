using System.Text.Json;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>
/// Lambda proxy events AWS delivered, recorded against real AWS (LocalStack's validated snapshots) in the shared
/// reference beside the repository: an oracle for the event writers. Absent in a plain clone; the tests that need it
/// skip then.
/// </summary>
internal static class RecordedAwsEvents
{
    private const string TestName = "tests/aws/services/apigateway/test_apigateway_lambda.py::test_lambda_aws_proxy_integration";

    public static string? Path { get; } = Find();

    private static readonly Lazy<JsonElement> Recorded = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path ?? throw new InvalidOperationException("no recorded responses"))).RootElement
            .GetProperty(TestName).GetProperty("recorded-content"));

    /// <summary>A REST API proxy event (stage "stage", resource <c>/{proxy+}</c>) by its snapshot name.</summary>
    public static JsonElement RestProxyEvent(string name) => Recorded.Value.GetProperty(name);

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Gatehouse.slnx")))
            {
                var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "reference", "aws-recorded-responses",
                    "test_apigateway_lambda.snapshot.json"));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the recorded AWS events; skipped, saying why, when they are not there.</summary>
public sealed class RecordedAwsEventsFactAttribute : FactAttribute
{
    public RecordedAwsEventsFactAttribute()
    {
        if (RecordedAwsEvents.Path is null)
        {
            Skip = "needs ../shared/reference/aws-recorded-responses/test_apigateway_lambda.snapshot.json beside the repository (absent in a plain clone)";
        }
    }
}
