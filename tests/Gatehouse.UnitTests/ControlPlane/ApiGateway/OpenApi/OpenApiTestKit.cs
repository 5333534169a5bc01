using System.Text.Json.Nodes;
using Gatehouse.ControlPlane.ApiGateway.OpenApi;
using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>Reads definitions into documents and exports them back, as the operations do, without a server.</summary>
internal static class OpenApiTestKit
{
    public const string ApiId = "abcdef1234";
    public const string Region = "us-east-1";
    public const string Recorded = "aws-recorded-responses/test_apigateway_extended.snapshot.json";

    public static readonly DateTimeOffset DeployedAt = new(2025, 5, 6, 18, 20, 26, TimeSpan.Zero);

    public static RestApiDocument Empty() => new()
    {
        RestApi = new RestApi
        {
            Id = ApiId,
            Name = "empty",
            EndpointConfiguration = new EndpointConfiguration(),
            RootResourceId = "root000",
        },
        Resources = [new RestResource { Id = "root000" }],
    };

    public static ImportReadResult Read(string definition, ImportOptions? options = null) =>
        OpenApiReader.Read(DefinitionText.Read(System.Text.Encoding.UTF8.GetBytes(definition)) ?? throw new InvalidOperationException("unreadable"),
            options ?? new ImportOptions());

    /// <summary>A definition imported onto <paramref name="target"/> (a new API when null); fails the test on errors.</summary>
    public static RestApiDocument Import(JsonObject definition, RestApiDocument? target = null, ImportMode mode = ImportMode.Overwrite, ImportOptions? options = null)
    {
        var read = OpenApiReader.Read(definition, options ?? new ImportOptions());
        Assert.True(read.Errors.Count == 0, string.Join("\n", read.Errors));
        var (document, errors) = ImportApplier.Apply(target ?? Empty(), read.Api!, mode);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return document;
    }

    public static RestApiDocument Import(string definition, RestApiDocument? target = null, ImportMode mode = ImportMode.Overwrite, ImportOptions? options = null) =>
        Import(DefinitionText.Read(System.Text.Encoding.UTF8.GetBytes(definition))!, target, mode, options);

    /// <summary>The document deployed to stage "local" and exported.</summary>
    public static JsonObject Export(RestApiDocument document, OpenApiFormat format, string? extensions = null) =>
        RestApiExporter.Export(document.RestApi, document.Snapshot("dep0001"), new RestDeployment { Id = "dep0001", CreatedDate = DeployedAt },
            "local", Region, ExportOptions.Parse(format, extensions));

    /// <summary>The body of a recorded GetExport with the API id and region filled in.</summary>
    public static JsonObject RecordedExport(string test, string key)
    {
        var path = SharedReference.PathOf(Recorded)!;
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var entry = root.First(e => e.Key.EndsWith(test, StringComparison.Ordinal)).Value!;
        var body = entry["recorded-content"]![key]!["body"]!.ToJsonString(Relaxed)
            .Replace("<api-id:1>", ApiId, StringComparison.Ordinal)
            .Replace("<region>", Region, StringComparison.Ordinal);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The tree with every object's members sorted, so that two trees compare as JSON compares them.</summary>
    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString(new System.Text.Json.JsonSerializerOptions(Relaxed) { WriteIndented = true }) ?? "null";

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sort)]),
        _ => node?.DeepClone(),
    };
}
