using System.Net;
using System.Net.Http.Headers;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// Invoke's checks that do not need the function runtime: DryRun, unknown functions, versions and aliases, Lambda's
/// payload limit and JSON check. Running functions is the runtime's part and is tested with it.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaInvokeTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    [Fact]
    public async Task Invoke_DryRun_Answers204WhenTheFunctionCouldRun()
    {
        var name = LambdaKit.UniqueName("dry");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")).ShouldSucceed();
        await fixture.Control.WaitUpdatedAsync(name);
        var outfile = Path.GetTempFileName();

        foreach (var qualifier in new[] { "$LATEST", "1", "live" })
        {
            var result = (await Cli.LambdaAsync("invoke", "--function-name", name, "--qualifier", qualifier, "--invocation-type", "DryRun", outfile)).ShouldSucceed().Json;

            Assert.Equal(204, result.GetProperty("StatusCode").GetInt32());
        }
    }

    [Fact]
    public async Task Invoke_UnknownFunction_ResourceNotFoundException()
    {
        var result = await Cli.LambdaAsync("invoke", "--function-name", "no-such-function", Path.GetTempFileName());

        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function", result.ShouldFailWith("ResourceNotFoundException", "Invoke"));
    }

    [Fact]
    public async Task Invoke_UnknownAlias_ResourceNotFoundExceptionNamingTheQualifiedArn()
    {
        var name = LambdaKit.UniqueName("noalias");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("invoke", "--function-name", name + ":nope", Path.GetTempFileName());

        Assert.Equal($"Function not found: {LambdaKit.Arn(name)}:nope", result.ShouldFailWith("ResourceNotFoundException", "Invoke"));
    }

    [Fact]
    public async Task Invoke_PayloadOver6MB_RequestEntityTooLargeException()
    {
        var name = LambdaKit.UniqueName("large");
        await Cli.CreateFunctionAsync(name);
        var payload = "\"" + new string('x', 6 * 1024 * 1024) + "\"";

        var response = await SendAsync(name, new StringContent(payload));

        Assert.Equal("Request must be smaller than 6291456 bytes for the InvokeFunction operation",
            response.ShouldBeLambdaError(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLargeException"));
    }

    [Fact]
    public async Task Invoke_PayloadThatIsNotJson_InvalidRequestContentException()
    {
        var name = LambdaKit.UniqueName("notjson");
        await Cli.CreateFunctionAsync(name);

        var response = await SendAsync(name, new StringContent("{not json"));

        Assert.StartsWith("Could not parse request body into json: Could not parse payload into json",
            response.ShouldBeLambdaError(HttpStatusCode.BadRequest, "InvalidRequestContentException"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_UnknownInvocationType_ValidationException()
    {
        var name = LambdaKit.UniqueName("badtype");
        await Cli.CreateFunctionAsync(name);

        var response = await SendAsync(name, new StringContent("{}"), ("X-Amz-Invocation-Type", "Later"));

        Assert.Equal("1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
            response.ShouldBeLambdaError(HttpStatusCode.BadRequest, "ValidationException"));
    }

    private async Task<ControlPlaneResponse> SendAsync(string name, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.BaseAddress, $"/2015-03-31/functions/{name}/invocations")) { Content = content };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        foreach (var (header, value) in headers)
        {
            request.Headers.Add(header, value);
        }

        using var response = await fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ControlPlaneResponse($"POST invoke {name}", response.StatusCode, all, text);
    }
}
