using System.Text.Json.Nodes;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>
/// The developer guide's mapping examples, read from the shared reference, run end to end through an HTTP
/// integration against a real backend: the backend gets what the input template makes of the documented data, and the
/// client gets the documented output.
/// </summary>
public sealed class GuideExampleTests : IAsyncLifetime
{
    private const string Photos = "apigateway-developer-guide/example-photos.md";
    private const string Grocery = "apigateway-developer-guide/models-mappings.md";
    private static readonly HttpMessageInvoker Client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private RecordingBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await RecordingBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [ReferenceFact(Photos)]
    public async Task InvokeAsync_PhotosExample_InputAndOutputTemplatesAsDocumented()
    {
        var original = Block(Photos, "## Original data", 0);
        var integration = RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "HTTP",
            HttpMethod = "POST",
            Uri = _backend.Url + "/photos",
            RequestTemplates = new Dictionary<string, string> { ["application/json"] = Block(Photos, "## Input mapping template", 0) },
            IntegrationResponses = Responses(Response("200", templates: new() { ["application/json"] = Block(Photos, "## Output mapping template", 0) })),
        }, new RestMappingOptions { HttpInvoker = Client });
        _backend.Body = original;

        var outcome = await integration.InvokeAsync(Request(original, headers: [("Content-Type", "application/json")]), CancellationToken.None);

        AssertJsonEqual(original, Assert.Single(_backend.Requests).Body);
        AssertJsonEqual(Block(Photos, "## Transformed data", 0), Text(outcome.Response!.Body));
    }

    [ReferenceFact(Grocery)]
    public async Task InvokeAsync_GroceryExample_OutputTemplateAsDocumented()
    {
        var integration = RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "HTTP",
            HttpMethod = "GET",
            Uri = _backend.Url + "/inventory",
            IntegrationResponses = Responses(Response("200", templates: new() { ["application/json"] = Block(Grocery, "## Mapping templates", 1) })),
        }, new RestMappingOptions { HttpInvoker = Client });
        _backend.Body = Block(Grocery, "## Models", 0);

        var outcome = await integration.InvokeAsync(Request(httpMethod: "GET"), CancellationToken.None);

        AssertJsonEqual(Block(Grocery, "## Mapping templates", 0), Text(outcome.Response!.Body));
    }

    private static void AssertJsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual {actual}");

    /// <summary>The n-th fenced code block under a heading of a guide page.</summary>
    private static string Block(string page, string heading, int index)
    {
        var lines = File.ReadAllLines(SharedReference.PathOf(page)!);
        var start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no heading {heading} in {page}");
        var blocks = new List<string>();
        List<string>? current = null;
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = [];
                }
                else
                {
                    blocks.Add(string.Join('\n', current));
                    current = null;
                }
            }
            else
            {
                current?.Add(lines[i]);
            }
        }

        return blocks[index];
    }
}
