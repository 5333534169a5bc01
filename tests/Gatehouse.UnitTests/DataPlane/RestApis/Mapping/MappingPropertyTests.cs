using System.Text;
using CsCheck;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Bad input gets an answer, never an exception: random bodies, paths, patterns and MOCK templates.</summary>
public sealed class MappingPropertyTests
{
    private static readonly Gen<string> JsonishText = Gen.String[Gen.Char["{}[]:,'\"\\ statusCode0123456789.-eE\n\t"], 0, 60];
    private static readonly Gen<string> PathText = Gen.String[Gen.Char["ab.[]'\"0123456789-*?$@:()"], 0, 20];
    private static readonly Gen<string> PatternText = Gen.String[Gen.Char["ab.*+?()[]{}\\^$|QEs0123456789"], 0, 20];

    [Fact]
    public void MockStatusCode_RandomBodies_NeverThrow()
    {
        JsonishText.Sample(body =>
        {
            var read = MockStatusCode.Read(body, out var status);
            Assert.True(read != MockStatusRead.Found || status is >= 100 and <= 599);
        });
    }

    [Fact]
    public void BodyJsonPath_RandomPathsAndBodies_NeverThrow()
    {
        Gen.Select(PathText, JsonishText).Sample((path, body) =>
        {
            if (BodyJsonPath.TryParse(path, out var compiled) && JsonBody.TryParse(Encoding.UTF8.GetBytes(body), out var document) && document is not null)
            {
                using (document)
                {
                    compiled.Evaluate(document.RootElement, readStringsAsJson: true);
                }
            }
        });
    }

    [Fact]
    public void SelectionPattern_RandomPatterns_NeverThrow()
    {
        Gen.Select(PatternText, Gen.String[0, 20]).Sample((pattern, value) =>
        {
            var compiled = SelectionPattern.Compile(pattern);
            _ = compiled.Matches(value);
        });
    }

    [Fact]
    public void RestMappedIntegration_RandomMockTemplatesAndBodies_AlwaysAnswer()
    {
        Gen.Select(JsonishText, JsonishText).Sample((template, body) =>
        {
            var integration = RestMappedIntegration.Compile(new RestIntegration
            {
                Type = "MOCK",
                RequestTemplates = new Dictionary<string, string> { ["application/json"] = template },
                IntegrationResponses = Responses(Response("200", templates: new() { ["application/json"] = "$input.body" }), Response("500", "5\\d{2}")),
            }, new RestMappingOptions());

            var outcome = integration.InvokeAsync(Request(body), CancellationToken.None).GetAwaiter().GetResult();

            Assert.True(outcome.Response is not null ^ outcome.Failure is not null);
        }, iter: 2000);
    }
}
