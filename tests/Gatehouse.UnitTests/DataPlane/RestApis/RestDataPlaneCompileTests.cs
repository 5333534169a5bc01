using Gatehouse.DataPlane.RestApis;
using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>Compiling a REST deployment snapshot once: methods, integrations, validation, gateway responses.</summary>
public sealed class RestDataPlaneCompileTests
{
    [Fact]
    public void Compile_Methods_AreIndexedWithTheirResourceAndIntegration()
    {
        var snapshot = RestSnapshots.Snapshot(("/pets", ["GET", "POST"]), ("/pets/{id}", ["ANY"]));

        var deployment = RestApiCompiler.Compile("api0000001", snapshot);

        Assert.Equal(3, deployment.Methods.Count);
        Assert.Equal(Enumerable.Range(0, 3), deployment.Methods.Select(m => m.Index));
        var any = deployment.Methods.Single(m => m.HttpMethod == "ANY");
        Assert.Equal("/pets/{id}", any.ResourcePath);
        Assert.Equal("pets/{id}/ANY", any.SettingsKey);
        Assert.IsType<RestLambdaProxyTarget>(any.Integration);
        Assert.Equal("dep1", deployment.DeploymentId);
    }

    [Theory]
    [InlineData("HTTP_PROXY", typeof(RestHttpProxyTarget))]
    [InlineData("HTTP", typeof(RestMappedTarget))]
    [InlineData("AWS", typeof(RestMappedTarget))]
    [InlineData("MOCK", typeof(RestMappedTarget))]
    public void Compile_IntegrationType_PreparesItsTarget(string type, Type expected)
    {
        var snapshot = RestSnapshots.Snapshot([("/x", ["GET"])], m => m with
        {
            MethodIntegration = new RestIntegration { Type = type, HttpMethod = "GET", Uri = "http://backend.example/{proxy}", TimeoutInMillis = 1234 },
        });

        var target = RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Integration!;

        Assert.IsType(expected, target);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), target.Timeout);
    }

    [Fact]
    public void Compile_HttpProxyMappings_KeepPathHeaderAndQueryStringTargets()
    {
        var snapshot = RestSnapshots.Snapshot([("/{proxy+}", ["ANY"])], m => m with
        {
            MethodIntegration = new RestIntegration
            {
                Type = "HTTP_PROXY",
                HttpMethod = "ANY",
                Uri = "http://backend.example/{proxy}",
                RequestParameters = new Dictionary<string, string>
                {
                    ["integration.request.path.proxy"] = "method.request.path.proxy",
                    ["integration.request.header.x-a"] = "'static'",
                    ["integration.request.querystring.q"] = "method.request.header.h",
                },
            },
        });

        var target = (RestHttpProxyTarget)RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Integration!;

        Assert.Null(target.Method);
        Assert.Equal(
            [new("header", "x-a", "'static'"), new("path", "proxy", "method.request.path.proxy"), new("querystring", "q", "method.request.header.h")],
            target.Mappings.OrderBy(m => m.Location, StringComparer.Ordinal));
    }

    [Fact]
    public void Compile_LambdaUriThatIsNotAFunction_FailsTheDeployment()
    {
        var snapshot = RestSnapshots.Snapshot([("/x", ["GET"])], m => m with
        {
            MethodIntegration = new RestIntegration { Type = "AWS_PROXY", HttpMethod = "POST", Uri = "arn:aws:apigateway:us-east-1:s3:path/bucket" },
        });

        Assert.Throws<InvalidOperationException>(() => RestApiCompiler.Compile("api0000001", snapshot));
    }

    [Fact]
    public void Compile_MethodWithoutValidator_ValidatesNothing()
    {
        var snapshot = RestSnapshots.Snapshot([("/x", ["POST"])], m => m with
        {
            RequestParameters = new Dictionary<string, bool> { ["method.request.querystring.q"] = true },
        });

        Assert.Null(RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Validation);
    }

    [Fact]
    public void Compile_ValidatorOfBodyOnly_IgnoresRequiredParameters()
    {
        var snapshot = RestSnapshots.Snapshot([("/x", ["POST"])], m => m with
        {
            RequestValidatorId = "v1",
            RequestParameters = new Dictionary<string, bool> { ["method.request.querystring.q"] = true },
            RequestModels = new Dictionary<string, string> { ["application/json"] = "Pet" },
        }, models: [Model("Pet", """{"type":"object","required":["name"]}""")],
        validators: [new RequestValidator { Id = "v1", ValidateRequestBody = true }]);

        var validation = RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Validation!;

        Assert.True(validation.ValidatesBody);
        Assert.NotNull(validation.ModelFor("application/json; charset=utf-8"));
        Assert.NotNull(validation.ModelFor(null)); // no Content-Type reads as application/json
        Assert.Null(validation.ModelFor("text/plain"));
    }

    [Fact]
    public void Compile_DefaultModel_AppliesToOtherContentTypes()
    {
        var snapshot = RestSnapshots.Snapshot([("/x", ["POST"])], m => m with
        {
            RequestValidatorId = "v1",
            RequestModels = new Dictionary<string, string> { ["$default"] = "Pet" },
        }, models: [Model("Pet", """{"type":"object"}""")], validators: [new RequestValidator { Id = "v1", ValidateRequestBody = true }]);

        Assert.Equal("Pet", RestApiCompiler.Compile("api0000001", snapshot).Methods[0].Validation!.ModelFor("text/plain")!.Name);
    }

    private static RestModel Model(string name, string schema) => new() { Id = name.ToLowerInvariant(), Name = name, Schema = schema, ContentType = "application/json" };
}
