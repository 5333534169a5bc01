using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// AddPermission, RemovePermission, GetPolicy, TagResource, UntagResource, ListTags, PutFunctionConcurrency,
/// GetFunctionConcurrency, DeleteFunctionConcurrency and GetAccountSettings, driven by the real CLI.
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaPolicyTagConcurrencyTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task AddPermission_ForApiGateway_StatementAndPolicyAreLambdas()
    {
        var name = LambdaKit.UniqueName("perm");
        await Cli.CreateFunctionAsync(name);
        var sourceArn = "arn:aws:execute-api:us-east-1:000000000000:a1b2c3d4e5/*/GET/pets";

        var added = (await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "apigateway-get",
            "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com", "--source-arn", sourceArn,
            "--source-account", "000000000000")).ShouldSucceed().Json;

        var expected = """{"Sid":"apigateway-get","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":""" +
            $"\"{LambdaKit.Arn(name)}\"" +
            ""","Condition":{"StringEquals":{"AWS:SourceAccount":"000000000000"},"ArnLike":{"AWS:SourceArn":""" + $"\"{sourceArn}\"" + "}}}";
        Assert.Equal(expected, added.GetProperty("Statement").GetString());

        var policy = (await Cli.LambdaAsync("get-policy", "--function-name", name)).ShouldSucceed().Json;
        Assert.Equal($$"""{"Version":"2012-10-17","Id":"default","Statement":[{{expected}}]}""", policy.GetProperty("Policy").GetString());
        var revision = (await Cli.LambdaAsync("get-function-configuration", "--function-name", name)).ShouldSucceed().Json.GetProperty("RevisionId").GetString();
        Assert.Equal(revision, policy.GetProperty("RevisionId").GetString());
    }

    [Fact]
    public async Task AddPermission_AccountPrincipalWithoutConditions_IsWrittenAsAnIamRoot()
    {
        var name = LambdaKit.UniqueName("permacct");
        await Cli.CreateFunctionAsync(name);

        var added = (await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "acct",
            "--action", "lambda:GetFunction", "--principal", "111122223333")).ShouldSucceed().Json;

        Assert.Equal($$"""{"Sid":"acct","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"lambda:GetFunction","Resource":"{{LambdaKit.Arn(name)}}"}""",
            added.GetProperty("Statement").GetString());
    }

    [Fact]
    public async Task AddPermission_DuplicateStatementId_ResourceConflictException()
    {
        var name = LambdaKit.UniqueName("permdup");
        await Cli.CreateFunctionAsync(name);
        string[] add = ["add-permission", "--function-name", name, "--statement-id", "same", "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com"];
        (await Cli.LambdaAsync(add)).ShouldSucceed();

        var result = await Cli.LambdaAsync(add);

        Assert.Equal("The statement id (same) provided already exists. Please provide a new statement id, or remove the existing statement.",
            result.ShouldFailWith("ResourceConflictException", "AddPermission"));
    }

    [Fact]
    public async Task AddPermission_StaleRevisionId_PreconditionFailedException()
    {
        var name = LambdaKit.UniqueName("permrev");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "s", "--action", "lambda:InvokeFunction",
            "--principal", "apigateway.amazonaws.com", "--revision-id", "stale");

        result.ShouldFailWith("PreconditionFailedException", "AddPermission");
    }

    [Fact]
    public async Task AddPermission_LatestQualifier_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("permlatest");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "s", "--action", "lambda:InvokeFunction",
            "--principal", "apigateway.amazonaws.com", "--qualifier", "$LATEST");

        Assert.Equal("We currently do not support adding policies for $LATEST.", result.ShouldFailWith("InvalidParameterValueException", "AddPermission"));
    }

    [Fact]
    public async Task AddPermission_BadAction_ValidationException()
    {
        var name = LambdaKit.UniqueName("permaction");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "s", "--action", "s3:GetObject",
            "--principal", "apigateway.amazonaws.com");

        Assert.Equal("1 validation error detected: Value 's3:GetObject' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])",
            result.ShouldFailWith("ValidationException", "AddPermission"));
    }

    [Fact]
    public async Task AddPermission_OnAnAlias_IsThatAliasesOwnPolicy()
    {
        var name = LambdaKit.UniqueName("permalias");
        await Cli.CreateFunctionAsync(name, null, "--publish");
        (await Cli.LambdaAsync("create-alias", "--function-name", name, "--name", "live", "--function-version", "1")).ShouldSucceed();

        var added = (await Cli.LambdaAsync("add-permission", "--function-name", name, "--qualifier", "live", "--statement-id", "s",
            "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com")).ShouldSucceed().Json;

        Assert.Contains($"\"Resource\":\"{LambdaKit.Arn(name)}:live\"", added.GetProperty("Statement").GetString(), StringComparison.Ordinal);
        var aliasPolicy = (await Cli.LambdaAsync("get-policy", "--function-name", name, "--qualifier", "live")).ShouldSucceed().Json;
        var alias = (await Cli.LambdaAsync("get-alias", "--function-name", name, "--name", "live")).ShouldSucceed().Json;
        Assert.Equal(alias.GetProperty("RevisionId").GetString(), aliasPolicy.GetProperty("RevisionId").GetString());
        Assert.Equal("The resource you requested does not exist.",
            (await Cli.LambdaAsync("get-policy", "--function-name", name)).ShouldFailWith("ResourceNotFoundException", "GetPolicy"));
    }

    [Fact]
    public async Task RemovePermission_ThenGetPolicy_TheEmptyPolicyIsGone()
    {
        var name = LambdaKit.UniqueName("permrm");
        await Cli.CreateFunctionAsync(name);
        (await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "s", "--action", "lambda:InvokeFunction",
            "--principal", "apigateway.amazonaws.com")).ShouldSucceed();

        (await Cli.LambdaAsync("remove-permission", "--function-name", name, "--statement-id", "s")).ShouldSucceed();

        Assert.Equal("The resource you requested does not exist.",
            (await Cli.LambdaAsync("get-policy", "--function-name", name)).ShouldFailWith("ResourceNotFoundException", "GetPolicy"));
    }

    [Fact]
    public async Task RemovePermission_UnknownStatement_ResourceNotFoundException()
    {
        var name = LambdaKit.UniqueName("permrmnone");
        await Cli.CreateFunctionAsync(name);
        (await Cli.LambdaAsync("add-permission", "--function-name", name, "--statement-id", "s", "--action", "lambda:InvokeFunction",
            "--principal", "apigateway.amazonaws.com")).ShouldSucceed();

        var result = await Cli.LambdaAsync("remove-permission", "--function-name", name, "--statement-id", "other");

        Assert.Equal("Statement other is not found in resource policy.", result.ShouldFailWith("ResourceNotFoundException", "RemovePermission"));
    }

    [Fact]
    public async Task Tags_TagListUntag_AsLambda()
    {
        var name = LambdaKit.UniqueName("tags");
        await Cli.CreateFunctionAsync(name, null, "--tags", "team=pets");
        var arn = LambdaKit.Arn(name);

        (await Cli.LambdaAsync("tag-resource", "--resource", arn, "--tags", "env=prod,owner=me")).ShouldSucceed();
        var tagged = (await Cli.LambdaAsync("list-tags", "--resource", arn)).ShouldSucceed().Json.GetProperty("Tags");
        (await Cli.LambdaAsync("untag-resource", "--resource", arn, "--tag-keys", "team", "owner")).ShouldSucceed();
        var untagged = (await Cli.LambdaAsync("list-tags", "--resource", arn)).ShouldSucceed().Json.GetProperty("Tags");

        Assert.Equal(["env", "owner", "team"], tagged.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("prod", untagged.GetProperty("env").GetString());
        Assert.Single(untagged.EnumerateObject());
    }

    [Fact]
    public async Task Tags_QualifiedArn_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("tagsq");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("tag-resource", "--resource", LambdaKit.Arn(name) + ":1", "--tags", "a=b");

        Assert.Equal("Tags on function aliases and versions are not supported. Please specify a function ARN.",
            result.ShouldFailWith("InvalidParameterValueException", "TagResource"));
    }

    [Fact]
    public async Task Tags_UnknownFunction_ResourceNotFoundException()
    {
        var result = await Cli.LambdaAsync("list-tags", "--resource", LambdaKit.Arn("no-such-function"));

        Assert.Equal($"Function not found: {LambdaKit.Arn("no-such-function")}", result.ShouldFailWith("ResourceNotFoundException", "ListTags"));
    }

    [Fact]
    public async Task Concurrency_PutGetDelete_AndTheAccountSeesTheReservation()
    {
        var name = LambdaKit.UniqueName("conc");
        await Cli.CreateFunctionAsync(name);
        var before = await UnreservedAsync();

        var put = (await Cli.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "25")).ShouldSucceed().Json;
        var got = (await Cli.LambdaAsync("get-function-concurrency", "--function-name", name)).ShouldSucceed().Json;
        var during = await UnreservedAsync();
        (await Cli.LambdaAsync("delete-function-concurrency", "--function-name", name)).ShouldSucceed();
        var after = (await Control.GetAsync($"/2019-09-30/functions/{name}/concurrency")).ShouldBe(HttpStatusCode.OK).Text;

        Assert.Equal(25, put.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(25, got.GetProperty("ReservedConcurrentExecutions").GetInt32());
        Assert.Equal(before - 25, during);
        Assert.Equal("{}", after);
    }

    [Fact]
    public async Task Concurrency_LeavingLessThan100Unreserved_InvalidParameterValueException()
    {
        var name = LambdaKit.UniqueName("conctoo");
        await Cli.CreateFunctionAsync(name);

        var result = await Cli.LambdaAsync("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "901");

        Assert.Equal("Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
            result.ShouldFailWith("InvalidParameterValueException", "PutFunctionConcurrency"));
    }

    [Fact]
    public async Task GetAccountSettings_AnswersLambdasLimitsAndTheUsage()
    {
        var name = LambdaKit.UniqueName("account");
        await Cli.CreateFunctionAsync(name);

        var settings = (await Cli.LambdaAsync("get-account-settings")).ShouldSucceed().Json;

        var limit = settings.GetProperty("AccountLimit");
        Assert.Equal(80_530_636_800, limit.GetProperty("TotalCodeSize").GetInt64());
        Assert.Equal(262_144_000, limit.GetProperty("CodeSizeUnzipped").GetInt64());
        Assert.Equal(52_428_800, limit.GetProperty("CodeSizeZipped").GetInt64());
        Assert.Equal(1000, limit.GetProperty("ConcurrentExecutions").GetInt32());
        Assert.InRange(settings.GetProperty("AccountUsage").GetProperty("FunctionCount").GetInt64(), 1, 10_000);
        Assert.True(settings.GetProperty("AccountUsage").GetProperty("TotalCodeSize").GetInt64() > 0);
    }

    private async Task<int> UnreservedAsync() =>
        (await Cli.LambdaAsync("get-account-settings")).ShouldSucceed().Json.GetProperty("AccountLimit").GetProperty("UnreservedConcurrentExecutions").GetInt32();
}
