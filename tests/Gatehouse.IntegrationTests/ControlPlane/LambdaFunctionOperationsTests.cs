using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration and DeleteFunction, driven by the real <c>aws lambda</c> CLI (and HttpClient where the
/// CLI would refuse the request itself).
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaFunctionOperationsTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task CreateFunction_WithZipFile_AnswersPendingAsLambdaAndTheWaiterSeesItActive()
    {
        var name = LambdaKit.UniqueName("create");
        var zip = LambdaKit.NodeZip();

        var created = (await Cli.LambdaAsync("create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(zip), "--description", "greets", "--timeout", "10",
            "--memory-size", "256", "--environment", "Variables={GREETING=hello}", "--architectures", "arm64")).ShouldSucceed().Json;

        Assert.Equal(name, created.GetProperty("FunctionName").GetString());
        Assert.Equal(LambdaKit.Arn(name), created.GetProperty("FunctionArn").GetString());
        Assert.Equal("nodejs20.x", created.GetProperty("Runtime").GetString());
        Assert.Equal("index.handler", created.GetProperty("Handler").GetString());
        Assert.Equal(LambdaKit.Role, created.GetProperty("Role").GetString());
        Assert.Equal(zip.Length, created.GetProperty("CodeSize").GetInt64());
        Assert.Equal(LambdaKit.Sha256(zip), created.GetProperty("CodeSha256").GetString());
        Assert.Equal("greets", created.GetProperty("Description").GetString());
        Assert.Equal(10, created.GetProperty("Timeout").GetInt32());
        Assert.Equal(256, created.GetProperty("MemorySize").GetInt32());
        Assert.Equal("hello", created.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
        Assert.Equal("$LATEST", created.GetProperty("Version").GetString());
        Assert.Equal("Zip", created.GetProperty("PackageType").GetString());
        Assert.Equal(["arm64"], created.GetProperty("Architectures").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(512, created.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
        Assert.Equal("PassThrough", created.GetProperty("TracingConfig").GetProperty("Mode").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$", created.GetProperty("LastModified").GetString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", created.GetProperty("RevisionId").GetString());
        Assert.Equal("Pending", created.GetProperty("State").GetString());
        Assert.Equal("Creating", created.GetProperty("StateReasonCode").GetString());
        Assert.Equal("The function is being created.", created.GetProperty("StateReason").GetString());

        (await Cli.LambdaAsync("wait", "function-active-v2", "--function-name", name)).ShouldSucceed();

        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal("Active", configuration.GetProperty("State").GetString());
        Assert.Equal("Successful", configuration.GetProperty("LastUpdateStatus").GetString());
        Assert.False(configuration.TryGetProperty("StateReason", out _));
    }

    [Fact]
    public async Task CreateFunction_ProvidedRuntimeWithoutHandler_UnpacksAnExecutableBootstrap()
    {
        var name = LambdaKit.UniqueName("provided");
        var zip = LambdaKit.BootstrapZip();

        (await Cli.LambdaAsync("create-function", "--function-name", name, "--runtime", "provided.al2023", "--role", LambdaKit.Role,
            "--zip-file", LambdaKit.FileArgument(zip))).ShouldSucceed();
        (await Cli.LambdaAsync("wait", "function-active-v2", "--function-name", name)).ShouldSucceed();

        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.False(configuration.TryGetProperty("Handler", out _));
        var codeId = Convert.ToHexStringLower(Convert.FromBase64String(configuration.GetProperty("CodeSha256").GetString()!));
        var bootstrap = Path.Combine(fixture.Server.DataDirectory, "functions", "code", codeId, "bootstrap");
        Assert.True(File.Exists(bootstrap), $"{bootstrap} was not unpacked");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute), "the bootstrap keeps its executable mode");
        }
    }

    [Fact]
    public async Task CreateFunction_WithPublish_AnswersVersionOne()
    {
        var name = LambdaKit.UniqueName("publish");

        var created = await Cli.CreateFunctionAsync(name, null, "--publish");

        Assert.Equal("1", created.GetProperty("Version").GetString());
        var versions = (await Cli.LambdaAsync("list-versions-by-function", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal(["$LATEST", "1"], versions.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
    }

    [Fact]
    public async Task CreateFunction_ExistingName_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("twice");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()));

        Assert.Equal($"Function already exist: {name}", result.ShouldFailWith("ResourceConflictException", "CreateFunction"));
    }

    [Theory]
    [InlineData("java21", "Value java21 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs18.x, nodejs20.x, nodejs22.x, python3.8, python3.9, python3.10, python3.11, python3.12, python3.13, provided, provided.al2, provided.al2023] or be a valid ARN")]
    [InlineData("nodejs16.x", "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.")]
    public async Task CreateFunction_RuntimeGatehouseDoesNotRun_InvalidParameterValueExceptionNamingIt(string runtime, string message)
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("runtime"), "--runtime", runtime,
            "--handler", "x.handler", "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()));

        Assert.Equal(message, result.ShouldFailWith("InvalidParameterValueException", "CreateFunction"));
    }

    [Fact]
    public async Task CreateFunction_NodeRuntimeWithoutHandler_InvalidParameterValueException()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("nohandler"), "--runtime", "python3.12",
            "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()));

        Assert.Equal("Runtime and Handler are mandatory parameters for functions created with deployment packages.",
            result.ShouldFailWith("InvalidParameterValueException", "CreateFunction"));
    }

    [Fact]
    public async Task CreateFunction_RoleThatIsNotARoleArn_ValidationException()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("role"), "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", "lambda-role", "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()));

        Assert.Equal(@"1 validation error detected: Value 'lambda-role' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+",
            result.ShouldFailWith("ValidationException", "CreateFunction"));
    }

    [Fact]
    public async Task CreateFunction_TimeoutOver900_ValidationException()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("timeout"), "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", LambdaKit.Role, "--timeout", "901", "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()));

        Assert.Equal("1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
            result.ShouldFailWith("ValidationException", "CreateFunction"));
    }

    [Fact]
    public async Task CreateFunction_SeveralBadMembers_OneValidationExceptionListingEveryError()
    {
        var response = await Control.PostAsync("/2015-03-31/functions", new
        {
            FunctionName = LambdaKit.UniqueName("bad"),
            Runtime = "nodejs20.x",
            Handler = "index.handler",
            Role = LambdaKit.Role,
            Timeout = 0,
            MemorySize = 10241,
            Code = new { ZipFile = Convert.ToBase64String(LambdaKit.NodeZip()) },
        });

        Assert.Equal(
            "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
            "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
            response.ShouldBeLambdaError(HttpStatusCode.BadRequest, "ValidationException"));
    }

    [Fact]
    public async Task CreateFunction_UnreadableZip_InvalidParameterValueExceptionAsLambda()
    {
        var response = await Control.PostAsync("/2015-03-31/functions", new
        {
            FunctionName = LambdaKit.UniqueName("badzip"),
            Runtime = "nodejs20.x",
            Handler = "index.handler",
            Role = LambdaKit.Role,
            Code = new { ZipFile = Convert.ToBase64String("PK\u0003\u0004 not really a zip"u8.ToArray()) },
        });

        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.",
            response.ShouldBeLambdaError(HttpStatusCode.BadRequest, "InvalidParameterValueException"));
    }

    [Fact]
    public async Task CreateFunction_ImagePackage_RefusedAsNotSupported()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("image"), "--package-type", "Image",
            "--role", LambdaKit.Role, "--code", "ImageUri=000000000000.dkr.ecr.us-east-1.amazonaws.com/fn:latest");

        Assert.Contains("not supported by Gatehouse", result.ShouldFailWith("InvalidParameterValueException", "CreateFunction"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_ReservedEnvironmentVariable_InvalidParameterValueException()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("env"), "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()),
            "--environment", "Variables={AWS_REGION=eu-west-1}");

        Assert.EndsWith("Reserved keys used in this request: AWS_REGION", result.ShouldFailWith("InvalidParameterValueException", "CreateFunction"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_VpcConfig_RefusedAsNotSupported()
    {
        var result = await Cli.LambdaAsync("create-function", "--function-name", LambdaKit.UniqueName("vpc"), "--runtime", "nodejs20.x",
            "--handler", "index.handler", "--role", LambdaKit.Role, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip()),
            "--vpc-config", "SubnetIds=subnet-1,SecurityGroupIds=sg-1");

        Assert.Equal("VpcConfig is not supported by Gatehouse yet.", result.ShouldFailWith("InvalidParameterValueException", "CreateFunction"));
    }

    [Fact]
    public async Task GetFunction_ByNamePartialArnAndFullArn_AnswersConfigurationCodeTagsAndConcurrency()
    {
        var name = LambdaKit.UniqueName("get");
        var zip = LambdaKit.NodeZip("get");
        await Cli.CreateFunctionAsync(name, zip, "--tags", "team=pets");
        (await Cli.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "3")).ShouldSucceed();

        foreach (var reference in new[] { name, $"{LambdaKit.Account}:function:{name}", LambdaKit.Arn(name) })
        {
            var function = (await Cli.LambdaAsync("get-function", "--function-name", reference)).ShouldSucceed().Json;

            Assert.Equal(LambdaKit.Arn(name), function.GetProperty("Configuration").GetProperty("FunctionArn").GetString());
            Assert.Equal("Active", function.GetProperty("Configuration").GetProperty("State").GetString());
            Assert.Equal("S3", function.GetProperty("Code").GetProperty("RepositoryType").GetString());
            Assert.Equal("pets", function.GetProperty("Tags").GetProperty("team").GetString());
            Assert.Equal(3, function.GetProperty("Concurrency").GetProperty("ReservedConcurrentExecutions").GetInt32());
        }

        var location = (await Cli.LambdaAsync("get-function", "--function-name", name)).ShouldSucceed().Json.GetProperty("Code").GetProperty("Location").GetString()!;
        var downloaded = await fixture.Http.GetByteArrayAsync(new Uri(location));
        Assert.Equal(zip, downloaded);
    }

    [Fact]
    public async Task GetFunction_WithQualifier_AnswersTheQualifiedArn()
    {
        var name = LambdaKit.UniqueName("qualified");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var byName = (await Cli.LambdaAsync("get-function", "--function-name", name + ":1")).ShouldSucceed().Json.GetProperty("Configuration");
        var byParameter = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name, "--qualifier", "$LATEST")).ShouldSucceed().Json;

        Assert.Equal(LambdaKit.Arn(name) + ":1", byName.GetProperty("FunctionArn").GetString());
        Assert.Equal("1", byName.GetProperty("Version").GetString());
        Assert.False(byName.TryGetProperty("LastUpdateStatus", out _), "published versions report no LastUpdateStatus");
        Assert.Equal(LambdaKit.Arn(name) + ":$LATEST", byParameter.GetProperty("FunctionArn").GetString());
    }

    [Fact]
    public async Task GetFunction_UnknownName_ResourceNotFoundExceptionWithLambdasMessage()
    {
        var result = await Cli.LambdaAsync("get-function", "--function-name", "no-such-function");

        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function",
            result.ShouldFailWith("ResourceNotFoundException", "GetFunction"));
    }

    [Fact]
    public async Task GetFunction_UnknownVersion_ResourceNotFoundExceptionNamingTheQualifiedArn()
    {
        var name = LambdaKit.UniqueName("noversion");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("get-function-configuration", "--function-name", name, "--qualifier", "7");

        Assert.Equal($"Function not found: {LambdaKit.Arn(name)}:7", result.ShouldFailWith("ResourceNotFoundException", "GetFunctionConfiguration"));
    }

    [Fact]
    public async Task GetFunction_ErrorBody_IsLambdas()
    {
        var response = await Control.GetAsync("/2015-03-31/functions/no-such-function");

        response.ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal("ResourceNotFoundException", response.ErrorType);
        Assert.Equal("""{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function"}""", response.Text);
    }

    [Fact]
    public async Task GetFunction_NameTheModelRefuses_ValidationException()
    {
        var message = (await Control.GetAsync("/2015-03-31/functions/bad%20name")).ShouldBeLambdaError(HttpStatusCode.BadRequest, "ValidationException");

        Assert.StartsWith("1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFunctions_WithMaxItems_PagesThroughEveryFunctionExactlyOnce()
    {
        var prefix = LambdaKit.UniqueName("list");
        foreach (var i in Enumerable.Range(0, 3))
        {
            await Cli.CreateFunctionAsync($"{prefix}-{i}");
        }

        var all = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var query = "?MaxItems=2" + (marker is null ? "" : "&Marker=" + Uri.EscapeDataString(marker));
            var page = (await Control.GetAsync("/2015-03-31/functions/" + query)).ShouldBe(HttpStatusCode.OK).Json;
            var items = page.GetProperty("Functions").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            all.AddRange(items.Select(f => f.GetProperty("FunctionName").GetString()!));
            marker = page.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
            pages++;
        }
        while (marker is not null && pages < 1000);

        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal([$"{prefix}-0", $"{prefix}-1", $"{prefix}-2"], all.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));

        // The CLI pages by itself and sees the same list.
        var cli = (await Cli.LambdaAsync("list-functions", "--page-size", "2")).ShouldSucceed().Json.GetProperty("Functions")
            .EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!).ToList();
        Assert.Superset(new HashSet<string>(all), new HashSet<string>(cli));
    }

    [Fact]
    public async Task ListFunctions_AllVersions_ListsEveryVersionWithItsQualifiedArn()
    {
        var name = LambdaKit.UniqueName("versions");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        var functions = (await Cli.LambdaAsync("list-functions", "--function-version", "ALL")).ShouldSucceed().Json.GetProperty("Functions")
            .EnumerateArray().Where(f => f.GetProperty("FunctionName").GetString() == name).ToList();
        var latest = (await Cli.LambdaAsync("list-functions")).ShouldSucceed().Json.GetProperty("Functions")
            .EnumerateArray().Single(f => f.GetProperty("FunctionName").GetString() == name);

        Assert.Equal([LambdaKit.Arn(name) + ":$LATEST", LambdaKit.Arn(name) + ":1"], functions.Select(f => f.GetProperty("FunctionArn").GetString()));
        Assert.Equal(LambdaKit.Arn(name), latest.GetProperty("FunctionArn").GetString());
        Assert.False(latest.TryGetProperty("State", out _), "list items carry no state");
    }

    [Theory]
    [InlineData("?FunctionVersion=LATEST", "Value 'LATEST' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]")]
    [InlineData("?MaxItems=0", "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    public async Task ListFunctions_BadParameter_ValidationException(string query, string error)
    {
        var message = (await Control.GetAsync("/2015-03-31/functions/" + query)).ShouldBeLambdaError(HttpStatusCode.BadRequest, "ValidationException");

        Assert.Equal("1 validation error detected: " + error, message);
    }

    [Fact]
    public async Task UpdateFunctionCode_NewZip_GoesInProgressThenSuccessful()
    {
        var name = LambdaKit.UniqueName("code");
        await Cli.CreateFunctionAsync(name);
        var zip = LambdaKit.NodeZip("second");

        var updated = (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(zip))).ShouldSucceed().Json;

        Assert.Equal(LambdaKit.Sha256(zip), updated.GetProperty("CodeSha256").GetString());
        Assert.Equal("InProgress", updated.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Active", updated.GetProperty("State").GetString());
        (await Cli.LambdaAsync("wait", "function-updated-v2", "--function-name", name)).ShouldSucceed();
        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal("Successful", configuration.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal(LambdaKit.Sha256(zip), configuration.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_WithPublish_PublishesTheNewCode()
    {
        var name = LambdaKit.UniqueName("codepub");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        var zip = LambdaKit.NodeZip("published");

        var updated = (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(zip), "--publish"))
            .ShouldSucceed().Json;

        Assert.Equal("2", updated.GetProperty("Version").GetString());
        Assert.Equal(LambdaKit.Arn(name) + ":2", updated.GetProperty("FunctionArn").GetString());
        Assert.Equal(LambdaKit.Sha256(zip), updated.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_StaleRevisionId_PreconditionFailedException()
    {
        var name = LambdaKit.UniqueName("revision");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip("x")),
            "--revision-id", "00000000-0000-0000-0000-000000000000");

        Assert.Equal("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
            result.ShouldFailWith("PreconditionFailedException", "UpdateFunctionCode"));
    }

    [Fact]
    public async Task UpdateFunctionCode_CurrentRevisionId_IsAccepted()
    {
        var name = LambdaKit.UniqueName("revok");
        await Cli.CreateFunctionAsync(name);
        var revision = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json.GetProperty("RevisionId").GetString()!;

        (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(LambdaKit.NodeZip("y")),
            "--revision-id", revision)).ShouldSucceed();
    }

    [Fact]
    public async Task UpdateFunctionCode_DryRun_ChangesNothing()
    {
        var name = LambdaKit.UniqueName("dryrun");
        var original = LambdaKit.NodeZip("original");
        await Cli.CreateFunctionAsync(name, original);
        var other = LambdaKit.NodeZip("other");

        var answer = (await Cli.LambdaAsync("update-function-code", "--function-name", name, "--zip-file", LambdaKit.FileArgument(other), "--dry-run"))
            .ShouldSucceed().Json;

        Assert.Equal(LambdaKit.Sha256(other), answer.GetProperty("CodeSha256").GetString());
        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal(LambdaKit.Sha256(original), configuration.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task UpdateFunctionCode_WhileTheLastUpdateIsInProgress_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("busy");
        await Cli.CreateFunctionAsync(name);
        var body = new { ZipFile = Convert.ToBase64String(LambdaKit.NodeZip("busy-1")) };

        // Two updates back to back: the second one finds the first one still being applied, or (rarely, on a fast
        // machine) already settled; never anything else.
        (await Control.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code", body)).ShouldBe(HttpStatusCode.OK);
        var second = await Control.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code", new { ZipFile = Convert.ToBase64String(LambdaKit.NodeZip("busy-2")) });

        if (second.Status != HttpStatusCode.OK)
        {
            Assert.Equal($"The operation cannot be performed at this time. An update is in progress for resource: {LambdaKit.Arn(name)}",
                second.ShouldBeLambdaError(HttpStatusCode.Conflict, "ResourceConflictException"));
        }
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_ChangesWhatIsGivenAndKeepsTheRest()
    {
        var name = LambdaKit.UniqueName("config");
        await Cli.CreateFunctionAsync(name, null, "--description", "kept", "--environment", "Variables={GREETING=hello}");

        var updated = (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--timeout", "30", "--memory-size", "512",
            "--handler", "main.handler", "--runtime", "nodejs22.x")).ShouldSucceed().Json;

        Assert.Equal("InProgress", updated.GetProperty("LastUpdateStatus").GetString());
        (await Cli.LambdaAsync("wait", "function-updated-v2", "--function-name", name)).ShouldSucceed();
        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal(30, configuration.GetProperty("Timeout").GetInt32());
        Assert.Equal(512, configuration.GetProperty("MemorySize").GetInt32());
        Assert.Equal("main.handler", configuration.GetProperty("Handler").GetString());
        Assert.Equal("nodejs22.x", configuration.GetProperty("Runtime").GetString());
        Assert.Equal("kept", configuration.GetProperty("Description").GetString());
        Assert.Equal("hello", configuration.GetProperty("Environment").GetProperty("Variables").GetProperty("GREETING").GetString());
        Assert.Equal("Successful", configuration.GetProperty("LastUpdateStatus").GetString());
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_EmptyEnvironment_RemovesEveryVariable()
    {
        var name = LambdaKit.UniqueName("env");
        await Cli.CreateFunctionAsync(name, null, "--environment", "Variables={GREETING=hello}");

        (await Cli.LambdaAsync("update-function-configuration", "--function-name", name, "--environment", "Variables={}")).ShouldSucceed();

        await Control.WaitUpdatedAsync(name);
        var configuration = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json;
        Assert.False(configuration.TryGetProperty("Environment", out _));
    }

    [Fact]
    public async Task UpdateFunctionConfiguration_UnknownFunction_ResourceNotFoundException()
    {
        var result = await Cli.LambdaAsync("update-function-configuration", "--function-name", "no-such-function", "--timeout", "5");

        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function",
            result.ShouldFailWith("ResourceNotFoundException", "UpdateFunctionConfiguration"));
    }

    [Fact]
    public async Task DeleteFunction_Existing_Returns204AndItIsGone()
    {
        var name = LambdaKit.UniqueName("delete");
        await Cli.CreateFunctionAsync(name);

        (await Cli.LambdaAsync("delete-function", "--function-name", name)).ShouldSucceed();

        (await Cli.LambdaAsync("get-function", "--function-name", name)).ShouldFailWith("ResourceNotFoundException", "GetFunction");
        Assert.Equal($"Function not found: {LambdaKit.Arn(name)}",
            (await Cli.LambdaAsync("delete-function", "--function-name", name)).ShouldFailWith("ResourceNotFoundException", "DeleteFunction"));
    }

    [Fact]
    public async Task DeleteFunction_Version_RemovesOnlyThatVersion()
    {
        var name = LambdaKit.UniqueName("delversion");
        await Cli.CreateFunctionAsync(name, null, "--publish");

        (await Cli.LambdaAsync("delete-function", "--function-name", name, "--qualifier", "1")).ShouldSucceed();

        var versions = (await Cli.LambdaAsync("list-versions-by-function", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal(["$LATEST"], versions.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
    }

    [Fact]
    public async Task DeleteFunction_LatestQualifier_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("dellatest");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("delete-function", "--function-name", name, "--qualifier", "$LATEST");

        Assert.Equal("$LATEST version cannot be deleted without deleting the function.", result.ShouldFailWith("InvalidParameterValueException", "DeleteFunction"));
    }

    [Fact]
    public async Task DeleteFunction_VersionAnAliasPointsTo_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("delaliased");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")).ShouldSucceed();

        var result = await Cli.LambdaAsync("delete-function", "--function-name", name, "--qualifier", "1");

        Assert.Equal("Unable to delete version because the following aliases reference it: [live]", result.ShouldFailWith("ResourceConflictException", "DeleteFunction"));
    }

    [Fact]
    public async Task CodeLocation_UnknownPackage_404()
    {
        using var response = await fixture.Http.GetAsync(new Uri(fixture.Server.BaseAddress, "/_gatehouse/lambda/code/" + new string('0', 64)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
