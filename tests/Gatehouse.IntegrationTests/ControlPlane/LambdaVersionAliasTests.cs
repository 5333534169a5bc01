using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>PublishVersion, ListVersionsByFunction and the alias operations, driven by the real CLI.</summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaVersionAliasTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task PublishVersion_NothingChangedSinceTheLastOne_ReturnsThatVersion()
    {
        var name = LambdaKit.UniqueName("pub");
        await Cli.CreateFunctionAsync(name);

        var first = (await Cli.LambdaAsync("publish-version", "--function-name", name, "--description", "first")).ShouldSucceed().Json;
        var again = (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed().Json;

        Assert.Equal("1", first.GetProperty("Version").GetString());
        Assert.Equal(LambdaKit.Arn(name) + ":1", first.GetProperty("FunctionArn").GetString());
        Assert.Equal("first", first.GetProperty("Description").GetString());
        Assert.Equal("1", again.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task PublishVersion_AfterAConfigurationChange_PublishesTheNextNumber()
    {
        var name = LambdaKit.UniqueName("pubnext");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--timeout", "7")).ShouldSucceed();
        await Control.WaitUpdatedAsync(name);

        var published = (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed().Json;

        Assert.Equal("2", published.GetProperty("Version").GetString());
        Assert.Equal(7, published.GetProperty("Timeout").GetInt32());
        var one = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name, "--qualifier", "1")).ShouldSucceed().Json;
        Assert.Equal(3, one.GetProperty("Timeout").GetInt32());
    }

    [Fact]
    public async Task PublishVersion_NumbersAreNeverReused()
    {
        var name = LambdaKit.UniqueName("pubreuse");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("delete-function", "--function-name", name, "--qualifier", "1")).ShouldSucceed();

        var published = (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed().Json;

        Assert.Equal("2", published.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task PublishVersion_CodeSha256OfOtherCode_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("pubsha");
        var zip = LambdaKit.NodeZip();
        await Cli.CreateFunctionAsync(name, zip);

        var result = await Cli.LambdaAsync("publish-version", "--function-name", name, "--code-sha256", "bm90IHRoZSBzaGE=");

        Assert.Equal($"CodeSHA256 (bm90IHRoZSBzaGE=) is different from current CodeSHA256 in $LATEST ({LambdaKit.Sha256(zip)}). Please try again with the CodeSHA256 in $LATEST.",
            result.ShouldFailWith("InvalidParameterValueException", "PublishVersion"));
    }

    [Fact]
    public async Task PublishVersion_StaleRevisionId_PreconditionFailedException()
    {
        var name = LambdaKit.UniqueName("pubrev");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("publish-version", "--function-name", name, "--revision-id", "stale");

        result.ShouldFailWith("PreconditionFailedException", "PublishVersion");
    }

    [Fact]
    public async Task ListVersionsByFunction_ListsLatestFirstThenNumbers_AndPages()
    {
        var name = LambdaKit.UniqueName("listver");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--memory-size", "256")).ShouldSucceed();
        await Control.WaitUpdatedAsync(name);
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();

        var versions = (await Cli.LambdaAsync("list-versions-by-function", "--function-name", name)).ShouldSucceed().Json.GetProperty("Versions");
        var firstPage = (await Control.GetAsync($"/2015-03-31/functions/{name}/versions?MaxItems=2")).ShouldBe(HttpStatusCode.OK).Json;
        var rest = (await Control.GetAsync($"/2015-03-31/functions/{name}/versions?MaxItems=2&Marker=" +
            Uri.EscapeDataString(firstPage.GetProperty("NextMarker").GetString()!))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(["$LATEST", "1", "2"], versions.EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
        Assert.Equal([LambdaKit.Arn(name) + ":$LATEST", LambdaKit.Arn(name) + ":1", LambdaKit.Arn(name) + ":2"],
            versions.EnumerateArray().Select(v => v.GetProperty("FunctionArn").GetString()));
        Assert.Equal(2, firstPage.GetProperty("Versions").GetArrayLength());
        Assert.Equal("2", rest.GetProperty("Versions")[0].GetProperty("Version").GetString());
        Assert.False(rest.TryGetProperty("NextMarker", out _));
    }

    [Fact]
    public async Task CreateAlias_ThenGetListUpdateDelete_AsLambda()
    {
        var name = LambdaKit.UniqueName("alias");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--timeout", "9")).ShouldSucceed();
        await Control.WaitUpdatedAsync(name);
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();

        var created = (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1",
            "--description", "production")).ShouldSucceed().Json;
        Assert.Equal(LambdaKit.Arn(name) + ":live", created.GetProperty("AliasArn").GetString());
        Assert.Equal("live", created.GetProperty("Name").GetString());
        Assert.Equal("1", created.GetProperty("FunctionVersion").GetString());
        Assert.Equal("production", created.GetProperty("Description").GetString());
        Assert.False(created.TryGetProperty("RoutingConfig", out _));

        var fetched = (await Cli.LambdaAsync("get-alias", "--function-name", name, "--name", "live")).ShouldSucceed().Json;
        Assert.Equal(created.ToString(), fetched.ToString());

        var updated = (await Cli.LambdaAsync("update-alias", "--function-name", name, "--name", "live", "--function-version", "2",
            "--routing-config", "AdditionalVersionWeights={1=0.25}", "--revision-id", created.GetProperty("RevisionId").GetString()!)).ShouldSucceed().Json;
        Assert.Equal("2", updated.GetProperty("FunctionVersion").GetString());
        Assert.Equal(0.25, updated.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("1").GetDouble());
        Assert.Equal("production", updated.GetProperty("Description").GetString());
        Assert.NotEqual(created.GetProperty("RevisionId").GetString(), updated.GetProperty("RevisionId").GetString());

        // The alias resolves to its version: configuration of version 2 under the alias's ARN.
        var viaAlias = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name, "--qualifier", "live")).ShouldSucceed().Json;
        Assert.Equal(LambdaKit.Arn(name) + ":live", viaAlias.GetProperty("FunctionArn").GetString());
        Assert.Equal("2", viaAlias.GetProperty("Version").GetString());

        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "canary", "--function-version", "1")).ShouldSucceed();
        var all = (await Cli.LambdaAsync("list-aliases", "--function-name", name)).ShouldSucceed().Json.GetProperty("Aliases");
        var onOne = (await Cli.LambdaAsync("list-aliases", "--function-name", name, "--function-version", "1")).ShouldSucceed().Json.GetProperty("Aliases");
        Assert.Equal(["canary", "live"], all.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        Assert.Equal(["canary"], onOne.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));

        (await Cli.LambdaAsync("delete-alias", "--function-name", name, "--name", "live")).ShouldSucceed();
        Assert.Equal($"Cannot find alias arn: {LambdaKit.Arn(name)}:live",
            (await Cli.LambdaAsync("get-alias", "--function-name", name, "--name", "live")).ShouldFailWith("ResourceNotFoundException", "GetAlias"));
    }

    [Fact]
    public async Task CreateAlias_ExistingName_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("aliastwice");
        await Cli.CreateFunctionAsync(name);
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "$LATEST")).ShouldSucceed();

        var result = await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "$LATEST");

        Assert.Equal($"Alias already exists: {LambdaKit.Arn(name)}:live", result.ShouldFailWith("ResourceConflictException", "CreateAlias"));
    }

    [Fact]
    public async Task CreateAlias_UnknownVersion_ResourceNotFoundException()
    {
        var name = LambdaKit.UniqueName("aliasnover");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "4");

        Assert.Equal($"Function not found: {LambdaKit.Arn(name)}:4", result.ShouldFailWith("ResourceNotFoundException", "CreateAlias"));
    }

    [Theory]
    [InlineData("AdditionalVersionWeights={2=0.1,3=0.1}", "Number of items in AdditionalVersionWeights cannot be greater than 1")]
    [InlineData("AdditionalVersionWeights={1=0.5}", "Invalid function version 1. Function version 1 is already included in routing configuration.")]
    public async Task CreateAlias_BadRouting_InvalidParameterValueException(string routing, string message)
    {
        var name = LambdaKit.UniqueName("aliasroute");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var result = await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1", "--routing-config", routing);

        Assert.Equal(message, result.ShouldFailWith("InvalidParameterValueException", "CreateAlias"));
    }

    [Fact]
    public async Task CreateAlias_RoutingFromLatest_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("aliaslatest");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var result = await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "$LATEST",
            "--routing-config", "AdditionalVersionWeights={1=0.5}");

        Assert.Equal("$LATEST is not supported for an alias pointing to more than 1 version", result.ShouldFailWith("InvalidParameterValueException", "CreateAlias"));
    }

    [Fact]
    public async Task CreateAlias_RoutingToAMissingVersion_ResourceNotFoundException()
    {
        var name = LambdaKit.UniqueName("aliasmissing");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var result = await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1",
            "--routing-config", "AdditionalVersionWeights={9=0.5}");

        Assert.Equal($"Function not found: {LambdaKit.Arn(name)}:9", result.ShouldFailWith("ResourceNotFoundException", "CreateAlias"));
    }

    [Theory]
    [InlineData("""{"Name":"live","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"2":1.5}}}""",
        "Value '{2=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]")]
    [InlineData("""{"Name":"live","FunctionVersion":"1","RoutingConfig":{"AdditionalVersionWeights":{"$LATEST":0.5}}}""",
        "Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]")]
    [InlineData("""{"Name":"123","FunctionVersion":"1"}""",
        "Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)")]
    public async Task CreateAlias_ValuesTheModelRefuses_ValidationException(string body, string error)
    {
        var name = LambdaKit.UniqueName("aliasmodel");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var message = (await Control.PostAsync($"/2015-03-31/functions/{name}/aliases", body)).ShouldBeLambdaError(HttpStatusCode.BadRequest, "ValidationException");

        Assert.Equal("1 validation error detected: " + error, message);
    }

    [Fact]
    public async Task UpdateAlias_StaleRevisionId_PreconditionFailedException()
    {
        var name = LambdaKit.UniqueName("aliasrev");
        await Cli.CreateFunctionAsync(name);
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "$LATEST")).ShouldSucceed();

        var result = await Cli.LambdaAsync("update-alias", "--function-name", name, "--name", "live", "--description", "x", "--revision-id", "stale");

        result.ShouldFailWith("PreconditionFailedException", "UpdateAlias");
    }

    [Fact]
    public async Task UpdateAlias_UnknownAlias_ResourceNotFoundException()
    {
        var name = LambdaKit.UniqueName("aliasnone");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("update-alias", "--function-name", name, "--name", "nope", "--description", "x");

        Assert.Equal($"Cannot find alias arn: {LambdaKit.Arn(name)}:nope", result.ShouldFailWith("ResourceNotFoundException", "UpdateAlias"));
    }

    [Fact]
    public async Task DeleteFunction_VersionAWeightedAliasRoutesTo_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("aliasweighted");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--timeout", "5")).ShouldSucceed();
        await Control.WaitUpdatedAsync(name);
        (await Cli.LambdaAsync("publish-version", "--function-name", name)).ShouldSucceed();
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "canary", "--function-version", "2",
            "--routing-config", "AdditionalVersionWeights={1=0.1}")).ShouldSucceed();

        var result = await Cli.LambdaAsync("delete-function", "--function-name", name, "--qualifier", "1");

        Assert.Equal("Unable to delete version because the following aliases reference it: [canary]", result.ShouldFailWith("ResourceConflictException", "DeleteFunction"));
    }
}
