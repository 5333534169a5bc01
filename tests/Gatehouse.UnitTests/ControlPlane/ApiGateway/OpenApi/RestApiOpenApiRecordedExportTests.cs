using System.Text.Json.Nodes;
using Gatehouse.ControlPlane.ApiGateway.OpenApi;
using static Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi.OpenApiTestKit;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>
/// Given the APIs AWS exported in the recorded responses (the Pet Store sample and a two-path API), When their export
/// with extensions is imported and the API exported again, Then the export is what AWS wrote: in both formats, with
/// and without extensions, whichever format was imported.
/// </summary>
public sealed class RestApiOpenApiRecordedExportTests
{
    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var api in (string[])["TEST_IMPORT_PETSTORE_SWAGGER", "TEST_IMPORT_PETS"])
        {
            foreach (var source in (string[])["swagger", "oas30"])
            {
                foreach (var target in (string[])["swagger", "oas30"])
                {
                    data.Add(api, source, target, "get-export");
                    data.Add(api, source, target, "get-export-with-extensions");
                }
            }
        }

        return data;
    }

    [ReferenceTheory(Recorded)]
    [MemberData(nameof(Cases))]
    public void Export_ImportedFromAwsExport_EqualsAwsExport(string api, string source, string target, string recording)
    {
        var definition = RecordedExport($"test_export_{source}_openapi[{api}]", "get-export-with-extensions");
        var expected = RecordedExport($"test_export_{target}_openapi[{api}]", recording);

        // "version": "date" stands for the deployment date when the API has no version of its own.
        var dated = (string?)definition["info"]!["version"] == "date";
        if (dated)
        {
            definition["info"]!.AsObject().Remove("version");
            expected["info"]!["version"] = "2025-05-06T18:20:26Z";
        }

        var document = Import(definition);
        var format = target == "swagger" ? OpenApiFormat.Swagger2 : OpenApiFormat.OpenApi3;
        var exported = Export(document, format, recording == "get-export" ? null : "integrations");

        Assert.Equal(Canonical(expected), Canonical(exported));
    }

    [ReferenceFact(Recorded)]
    public void VersionOf_ApiWithoutVersion_DeploymentDateAsAwsNamesTheFile()
    {
        var document = Import(RecordedExport("test_export_swagger_openapi[TEST_IMPORT_PETS]", "get-export-with-extensions"));

        Assert.Equal("1.0.0", RestApiExporter.VersionOf(document.RestApi, new Gatehouse.Model.RestApis.RestDeployment { Id = "d", CreatedDate = DeployedAt }));
        Assert.Equal("2025-05-06T18:20:26Z", RestApiExporter.VersionOf(document.RestApi with { Version = null },
            new Gatehouse.Model.RestApis.RestDeployment { Id = "d", CreatedDate = DeployedAt }));
    }
}
