using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.ControlPlane.ApiOperationsTests;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateIntegration, GetIntegration, GetIntegrations, UpdateIntegration, DeleteIntegration (HTTP_PROXY and AWS_PROXY).</summary>
[Collection(Collections.ControlPlane)]
public sealed class IntegrationOperationsTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateIntegration_HttpProxy_Returns201WithAwsDefaults()
    {
        var apiId = await Control.CreateApiAsync();

        var integration = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "GET",
            integrationUri = "http://127.0.0.1:9/pets/{proxy}",
            payloadFormatVersion = "1.0",
            description = "the pet backend",
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Matches("^[a-z0-9]+$", integration.GetProperty("integrationId").GetString());
        Assert.Equal("HTTP_PROXY", integration.GetProperty("integrationType").GetString());
        Assert.Equal("GET", integration.GetProperty("integrationMethod").GetString());
        Assert.Equal("http://127.0.0.1:9/pets/{proxy}", integration.GetProperty("integrationUri").GetString());
        Assert.Equal("1.0", integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal("the pet backend", integration.GetProperty("description").GetString());
        Assert.Equal("INTERNET", integration.GetProperty("connectionType").GetString());
        Assert.Equal(30000, integration.GetProperty("timeoutInMillis").GetInt32());
    }

    [Fact]
    public async Task CreateIntegration_WithMappingsAndTimeout_StoresThemAsGiven()
    {
        var apiId = await Control.CreateApiAsync();
        var requestParameters = new Dictionary<string, string>
        {
            ["append:header.x-user"] = "$request.querystring.user",
            ["overwrite:path"] = "/v2/${request.path.id}",
            ["remove:querystring.secret"] = "''",
        };
        var responseParameters = new Dictionary<string, Dictionary<string, string>>
        {
            ["200"] = new() { ["overwrite:statuscode"] = "201", ["append:header.x-from"] = "gateway" },
        };

        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl, new { timeoutInMillis = 5000, requestParameters, responseParameters });

        var stored = (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(5000, stored.GetProperty("timeoutInMillis").GetInt32());
        Assert.Equal("$request.querystring.user", stored.GetProperty("requestParameters").GetProperty("append:header.x-user").GetString());
        Assert.Equal("/v2/${request.path.id}", stored.GetProperty("requestParameters").GetProperty("overwrite:path").GetString());
        Assert.Equal("201", stored.GetProperty("responseParameters").GetProperty("200").GetProperty("overwrite:statuscode").GetString());
    }

    [Theory]
    [InlineData(49)]
    [InlineData(30001)]
    [InlineData(0)]
    public async Task CreateIntegration_TimeoutOutOfRange_Returns400NamingTimeoutInMillis(int timeoutInMillis)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "ANY",
            integrationUri = fixture.Backend.BaseUrl,
            payloadFormatVersion = "1.0",
            timeoutInMillis,
        })).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("TimeoutInMillis", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(30000)]
    public async Task CreateIntegration_TimeoutAtTheLimits_IsAccepted(int timeoutInMillis)
    {
        var apiId = await Control.CreateApiAsync();

        await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl, new { timeoutInMillis });
    }

    [Theory]
    [InlineData("""{"integrationMethod":"ANY","integrationUri":"http://x.test"}""", "IntegrationType")]
    [InlineData("""{"integrationType":"CARRIER_PIGEON","integrationMethod":"ANY","integrationUri":"http://x.test"}""", "IntegrationType")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","payloadFormatVersion":"1.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"ftp://x.test/","payloadFormatVersion":"1.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"FETCH","integrationUri":"http://x.test","payloadFormatVersion":"1.0"}""", "IntegrationMethod")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationUri":"http://x.test","payloadFormatVersion":"1.0"}""", "IntegrationMethod")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"2.0"}""", "PayloadFormatVersion")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"1.0","requestParameters":{"rewrite:header.x":"y"}}""", "rewrite:header.x")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"1.0","requestParameters":{"overwrite:header.x-amz-date":"y"}}""", "x-amz-date")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"1.0","requestParameters":{"append:path":"/x"}}""", "path")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"1.0","responseParameters":{"200":{"overwrite:statuscode":"700"}}}""", "statuscode")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"ANY","integrationUri":"http://x.test","payloadFormatVersion":"1.0","responseParameters":{"abc":{"append:header.x":"y"}}}""", "abc")]
    public async Task CreateIntegration_InvalidInput_Returns400NamingTheField(string body, string field)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    private const string FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:no-such-function-yet";

    [Fact]
    public async Task CreateIntegration_AwsProxy_Returns201WithAwsDefaultsAndDoesNotRequireTheFunctionToExist()
    {
        var apiId = await Control.CreateApiAsync();

        var integration = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = FunctionArn,
            payloadFormatVersion = "2.0",
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal("AWS_PROXY", integration.GetProperty("integrationType").GetString());
        Assert.Equal(FunctionArn, integration.GetProperty("integrationUri").GetString());
        Assert.Equal("POST", integration.GetProperty("integrationMethod").GetString());
        Assert.Equal("2.0", integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal("INTERNET", integration.GetProperty("connectionType").GetString());
        Assert.Equal(30000, integration.GetProperty("timeoutInMillis").GetInt32());
    }

    [Fact]
    public async Task CreateIntegration_AwsProxyWithAnotherMethod_StoresItAsAwsDoes()
    {
        var apiId = await Control.CreateApiAsync();

        var integration = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = FunctionArn,
            integrationMethod = "GET",
            payloadFormatVersion = "2.0",
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal("GET", integration.GetProperty("integrationMethod").GetString());
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:hello:live", "1.0")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations", "2.0")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}:${stageVariables.alias}", "2.0")]
    public async Task CreateIntegration_AwsProxyUriForms_AreAcceptedAndStoredAsGiven(string uri, string payloadFormatVersion)
    {
        var apiId = await Control.CreateApiAsync();

        var integration = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = uri,
            integrationMethod = "POST",
            payloadFormatVersion,
            timeoutInMillis = 50,
            requestParameters = new Dictionary<string, string> { ["overwrite:header.x-stage"] = "$context.stage" },
            responseParameters = new Dictionary<string, Dictionary<string, string>> { ["500"] = new() { ["overwrite:statuscode"] = "503" } },
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal(uri, integration.GetProperty("integrationUri").GetString());
        Assert.Equal(payloadFormatVersion, integration.GetProperty("payloadFormatVersion").GetString());
        Assert.Equal(50, integration.GetProperty("timeoutInMillis").GetInt32());
    }

    [Theory]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:f"}""", "PayloadFormatVersion")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:f","payloadFormatVersion":"3.0"}""", "PayloadFormatVersion")]
    [InlineData("""{"integrationType":"AWS_PROXY","payloadFormatVersion":"2.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"http://x.test/fn","payloadFormatVersion":"2.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:layer:f","payloadFormatVersion":"2.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:1234:function:f","payloadFormatVersion":"2.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:bad name","payloadFormatVersion":"2.0"}""", "IntegrationUri")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:f","payloadFormatVersion":"2.0","integrationMethod":"FETCH"}""", "IntegrationMethod")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:f","payloadFormatVersion":"2.0","timeoutInMillis":30001}""", "TimeoutInMillis")]
    [InlineData("""{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:lambda:us-east-1:000000000000:function:f","payloadFormatVersion":"2.0","requestParameters":{"overwrite:header.authorization":"x"}}""", "authorization")]
    public async Task CreateIntegration_AwsProxyInvalidInput_Returns400NamingTheField(string body, string field)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIntegration_AwsProxySeveralProblems_ReportsThemAll()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = "arn:aws:lambda:nowhere:000000000000:function:f",
            payloadFormatVersion = "9.9",
            timeoutInMillis = 10,
        })).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("IntegrationUri", message, StringComparison.Ordinal);
        Assert.Contains("PayloadFormatVersion", message, StringComparison.Ordinal);
        Assert.Contains("TimeoutInMillis", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateIntegration_HttpProxyToAwsProxy_TakesPostAndTheFunction()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = FunctionArn,
            payloadFormatVersion = "2.0",
        })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("AWS_PROXY", updated.GetProperty("integrationType").GetString());
        Assert.Equal("POST", updated.GetProperty("integrationMethod").GetString());
        Assert.Equal(FunctionArn, updated.GetProperty("integrationUri").GetString());
    }

    [Fact]
    public async Task UpdateIntegration_AwsProxyBadUri_Returns400AndKeepsTheIntegration()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = (await Control.PostAsync($"/v2/apis/{apiId}/integrations", new
        {
            integrationType = "AWS_PROXY",
            integrationUri = FunctionArn,
            payloadFormatVersion = "1.0",
        })).ShouldBe(HttpStatusCode.Created).Member("integrationId");

        (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { integrationUri = "https://x.test" }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal(FunctionArn, (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).Member("integrationUri"));
    }

    [Fact]
    public async Task CreateIntegration_AwsProxyWithTheAwsCli_PrintsTheIntegration()
    {
        var apiId = await Control.CreateApiAsync();

        var integration = (await fixture.Cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "AWS_PROXY",
            "--integration-uri", FunctionArn, "--payload-format-version", "2.0")).ShouldSucceed().Json;

        Assert.Equal("AWS_PROXY", integration.GetProperty("IntegrationType").GetString());
        Assert.Equal("POST", integration.GetProperty("IntegrationMethod").GetString());
        Assert.Equal("2.0", integration.GetProperty("PayloadFormatVersion").GetString());
        Assert.Equal(FunctionArn, integration.GetProperty("IntegrationUri").GetString());
    }

    [Fact]
    public async Task CreateIntegration_AwsProxyWithoutPayloadFormatWithTheAwsCli_BadRequestException()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await fixture.Cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "AWS_PROXY",
            "--integration-uri", FunctionArn);

        Assert.Contains("PayloadFormatVersion", result.ShouldFailWith("BadRequestException", "CreateIntegration"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIntegration_UnknownApi_Returns404()
    {
        (await Control.PostAsync("/v2/apis/nosuchapi0/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "ANY",
            integrationUri = "http://x.test",
            payloadFormatVersion = "1.0",
        })).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task GetIntegrations_ListsEveryIntegrationOfTheApi()
    {
        var apiId = await Control.CreateApiAsync();
        var ids = new[]
        {
            await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/a"),
            await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/b"),
        };

        var listed = Items(await Control.GetAsync($"/v2/apis/{apiId}/integrations")).Select(i => i.GetProperty("integrationId").GetString());
        var page = (await Control.GetAsync($"/v2/apis/{apiId}/integrations?maxResults=1")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(ids.Order(), listed.Order());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.True(page.TryGetProperty("nextToken", out _));
    }

    [Fact]
    public async Task GetIntegration_UnknownIntegration_Returns404NamingIt()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/integrations/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Contains("nosuch1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateIntegration_UriAndTimeout_ChangesThoseAndKeepsTheRest()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/old", new
        {
            description = "kept",
            requestParameters = new Dictionary<string, string> { ["append:header.x-a"] = "a", ["append:header.x-b"] = "b" },
        });

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new
        {
            integrationUri = fixture.Backend.BaseUrl + "/new",
            timeoutInMillis = 1000,
            requestParameters = new Dictionary<string, string> { ["append:header.x-b"] = "changed", ["append:header.x-c"] = "c" },
        })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(fixture.Backend.BaseUrl + "/new", updated.GetProperty("integrationUri").GetString());
        Assert.Equal(1000, updated.GetProperty("timeoutInMillis").GetInt32());
        Assert.Equal("kept", updated.GetProperty("description").GetString());
        Assert.Equal("ANY", updated.GetProperty("integrationMethod").GetString());
        var parameters = updated.GetProperty("requestParameters");
        Assert.Equal("a", parameters.GetProperty("append:header.x-a").GetString());
        Assert.Equal("changed", parameters.GetProperty("append:header.x-b").GetString());
        Assert.Equal("c", parameters.GetProperty("append:header.x-c").GetString());
        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(updated.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task UpdateIntegration_MappingWithEmptyValue_RemovesThatMapping_AndEmptyStatusMapRemovesTheStatus()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl, new
        {
            requestParameters = new Dictionary<string, string> { ["append:header.x-a"] = "a", ["append:header.x-b"] = "b" },
            responseParameters = new Dictionary<string, Dictionary<string, string>>
            {
                ["200"] = new() { ["append:header.x-c"] = "c" },
                ["404"] = new() { ["overwrite:statuscode"] = "410" },
            },
        });

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new
        {
            requestParameters = new Dictionary<string, string> { ["append:header.x-a"] = "" },
            responseParameters = new Dictionary<string, Dictionary<string, string>> { ["404"] = new() },
        })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(["append:header.x-b"], updated.GetProperty("requestParameters").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["200"], updated.GetProperty("responseParameters").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task UpdateIntegration_TimeoutOutOfRange_Returns400AndKeepsTheIntegration()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);

        var message = (await Control.PatchAsync($"/v2/apis/{apiId}/integrations/{integrationId}", new { timeoutInMillis = 30001 }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("TimeoutInMillis", message, StringComparison.Ordinal);
        Assert.Equal(30000, (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).Json.GetProperty("timeoutInMillis").GetInt32());
    }

    [Fact]
    public async Task DeleteIntegration_TargetOfARoute_Returns409AndKeepsIt()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);

        (await Control.DeleteAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBeError(HttpStatusCode.Conflict, "ConflictException");

        (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeleteIntegration_NoLongerATarget_Returns204AndItIsGone()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        (await Control.DeleteAsync($"/v2/apis/{apiId}/routes/{routeId}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.DeleteAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.GetAsync($"/v2/apis/{apiId}/integrations/{integrationId}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteIntegration_UnknownIntegration_Returns404()
    {
        var apiId = await Control.CreateApiAsync();

        (await Control.DeleteAsync($"/v2/apis/{apiId}/integrations/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }
}
