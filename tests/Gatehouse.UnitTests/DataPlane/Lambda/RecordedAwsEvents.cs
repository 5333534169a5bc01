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

    /// <summary>The recorded responses' place in the shared reference.</summary>
    public const string Reference = "aws-recorded-responses/test_apigateway_lambda.snapshot.json";

    public static string? Path { get; } = SharedReference.PathOf(Reference);

    private static readonly Lazy<JsonElement> Recorded = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path ?? throw new InvalidOperationException("no recorded responses"))).RootElement
            .GetProperty(TestName).GetProperty("recorded-content"));

    /// <summary>A REST API proxy event (stage "stage", resource <c>/{proxy+}</c>) by its snapshot name.</summary>
    public static JsonElement RestProxyEvent(string name) => Recorded.Value.GetProperty(name);
}
