using Gatehouse.DataPlane.RestApis;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>Required method request parameters, as a request validator checks them.</summary>
public sealed class RestDataPlaneValidationTests
{
    private static (RestMethodValidation Validation, CompiledRestDeployment Deployment) Validated(bool parameters)
    {
        var snapshot = RestSnapshots.Snapshot([("/{issuer}", ["POST"])], m => m with
        {
            RequestValidatorId = "v1",
            RequestParameters = new Dictionary<string, bool>
            {
                ["method.request.querystring.qs1"] = true,
                ["method.request.header.x-header-param"] = true,
                ["method.request.path.issuer"] = true,
                ["method.request.querystring.optional"] = false,
            },
        }, validators: [new RequestValidator { Id = "v1", ValidateRequestParameters = parameters }]);
        var deployment = RestApiCompiler.Compile("api0000001", snapshot);
        return (deployment.Methods[0].Validation!, deployment);
    }

    private static RestRequestState State(CompiledRestDeployment deployment, params KeyValuePair<string, string>[] path) =>
        new()
        {
            Stage = new CompiledRestStage("dev", deployment, new Dictionary<string, string>(), [], null, null),
            Path = "/",
            PathParameters = path,
        };

    [Fact]
    public void MissingParameters_AllMissing_NamesThemInAwsOrder()
    {
        var (validation, deployment) = Validated(parameters: true);

        // AWS-recorded: "Missing required request parameters: [x-header-param, issuer, qs1]".
        Assert.Equal("x-header-param, issuer, qs1", validation.MissingParameters(new DefaultHttpContext().Request, State(deployment)));
    }

    [Fact]
    public void MissingParameters_AllPresent_IsNull()
    {
        var (validation, deployment) = Validated(parameters: true);
        var request = new DefaultHttpContext().Request;
        request.Headers["X-Header-Param"] = "h";
        request.QueryString = new QueryString("?qs1=");

        Assert.Null(validation.MissingParameters(request, State(deployment, new KeyValuePair<string, string>("issuer", "me"))));
    }

    [Fact]
    public void MissingParameters_OnlyTheQueryString_NamesIt()
    {
        var (validation, deployment) = Validated(parameters: true);
        var request = new DefaultHttpContext().Request;
        request.Headers["x-header-param"] = "h";

        Assert.Equal("qs1", validation.MissingParameters(request, State(deployment, new KeyValuePair<string, string>("issuer", "me"))));
    }

    [Fact]
    public void For_ValidatorThatChecksNoParameters_IsNull()
    {
        var snapshot = RestSnapshots.Snapshot([("/{issuer}", ["POST"])], m => m with
        {
            RequestValidatorId = "v1",
            RequestParameters = new Dictionary<string, bool> { ["method.request.querystring.qs1"] = true },
        }, validators: [new RequestValidator { Id = "v1", ValidateRequestParameters = false, ValidateRequestBody = true }]);

        Assert.Null(RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Validation);
    }
}
