using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGateway.TestInvoke;
using Gatehouse.Model.RestApis.TestInvoke;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.TestInvoke;

public sealed class TestInvokeInputTests
{
    [Fact]
    public void Parse_PathWithQueryString_SplitsPathAndRawQuery()
    {
        var request = new TestInvokeInput { PathWithQueryString = "/pets/a%2Fb?x=1&y=%20" }.Parse("/pets/{petId}");

        Assert.Equal("/pets/a%2Fb", request.Path);
        Assert.Equal("x=1&y=%20", request.Query);
    }

    [Fact]
    public void Parse_NoPath_UsesTheResourcesPath()
    {
        var request = new TestInvokeInput { Body = "{}" }.Parse("/pets/{petId}");

        Assert.Equal("/pets/{petId}", request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal("{}", request.Body);
        Assert.Empty(request.Headers);
        Assert.Empty(request.StageVariables);
    }

    [Fact]
    public void Parse_HeadersAndMultiValueHeaders_HeadersFirstThenOtherNamesValues()
    {
        var request = new TestInvokeInput
        {
            Headers = new() { ["Accept"] = "application/json" },
            MultiValueHeaders = new() { ["accept"] = ["text/plain"], ["x-a"] = ["1", "2"] },
            StageVariables = new() { ["color"] = "green" },
        }.Parse("/");

        Assert.Equal([new("Accept", "application/json"), new("x-a", "1"), new("x-a", "2")], request.Headers);
        Assert.Equal("green", request.StageVariables["color"]);
    }

    [Fact]
    public void Parse_BadInput_CollectsEveryErrorInOneBadRequest()
    {
        var input = new TestInvokeInput
        {
            PathWithQueryString = "pets",
            Headers = new() { ["bad header"] = "x", ["ok"] = "line\nbreak" },
            MultiValueHeaders = new() { [""] = ["x"] },
            StageVariables = new() { ["bad-name"] = "x" },
        };

        var error = Assert.Throws<AwsException>(() => input.Parse("/"));

        Assert.Equal((400, "BadRequestException"), (error.StatusCode, error.ErrorType));
        Assert.Contains("Invalid pathWithQueryString 'pets'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid header name 'bad header' in headers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid value for header 'ok' in headers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid header name '' in multiValueHeaders", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid stage variable name 'bad-name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MethodOutputFrom_RepeatedHeaders_LastValueInHeadersAllInMultiValueHeaders()
    {
        var output = TestInvokeMethodOutput.From(new TestInvokeMethodResult
        {
            Status = 200,
            Headers = [new("Set-Cookie", "a=1"), new("Set-Cookie", "b=2"), new("Content-Type", "application/json")],
            Log = "",
        });

        Assert.Equal("b=2", output.Headers["Set-Cookie"]);
        Assert.Equal(["a=1", "b=2"], output.MultiValueHeaders["Set-Cookie"]);
        Assert.Equal(["application/json"], output.MultiValueHeaders["Content-Type"]);
    }
}
