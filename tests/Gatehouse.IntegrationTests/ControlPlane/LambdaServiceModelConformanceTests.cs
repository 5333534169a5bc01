using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// The lambda operations checked against botocore's lambda model (awscli 2.9.19): every implemented operation is
/// served on the model's method and URI, answers with the model's success code, and uses only member names the model
/// knows (the SDKs silently drop a misspelt one).
/// </summary>
[Collection(LambdaCollection.Name)]
public sealed class LambdaServiceModelConformanceTests(GatehouseFixture fixture)
{
    private static readonly string[] Implemented =
    [
        "CreateFunction", "GetFunction", "GetFunctionConfiguration", "ListFunctions", "UpdateFunctionCode", "UpdateFunctionConfiguration",
        "DeleteFunction", "Invoke", "PublishVersion", "ListVersionsByFunction", "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias",
        "ListAliases", "AddPermission", "RemovePermission", "GetPolicy", "PutFunctionConcurrency", "GetFunctionConcurrency",
        "DeleteFunctionConcurrency", "TagResource", "UntagResource", "ListTags", "GetAccountSettings",
    ];

    private static readonly Lazy<JsonElement> Model = new(() =>
        JsonDocument.Parse(File.ReadAllText(ModelPath ?? throw new InvalidOperationException("no lambda model"))).RootElement);

    private static string? ModelPath => RepositoryLayout.SharedReference is { } reference &&
        Path.Combine(reference, "service-models", "lambda", "service-2.json") is var path && File.Exists(path) ? path : null;

    private ControlPlaneClient Control => fixture.Control;

    [LambdaServiceModelFact]
    public async Task EveryImplementedOperation_IsServedOnTheModelsUri()
    {
        foreach (var operation in Implemented)
        {
            var http = Model.Value.GetProperty("operations").GetProperty(operation).GetProperty("http");
            var uri = http.GetProperty("requestUri").GetString()!
                .Replace("{FunctionName}", "no-such-function", StringComparison.Ordinal)
                .Replace("{ARN}", Uri.EscapeDataString(LambdaKit.Arn("no-such-function")), StringComparison.Ordinal)
                .Replace("{Name}", "alias", StringComparison.Ordinal)
                .Replace("{StatementId}", "sid", StringComparison.Ordinal);
            var method = new HttpMethod(http.GetProperty("method").GetString()!);

            var response = await Control.SendAsync(method, uri, method == HttpMethod.Get || method == HttpMethod.Delete ? null : "{}");

            Assert.True(response.ErrorType is not ("UnknownOperationException" or null) || (int)response.Status < 400,
                $"{operation} ({method} {uri}) is not served: {(int)response.Status} {response.ErrorType} {response.Text}");
        }
    }

    [LambdaServiceModelFact]
    public async Task Answers_UseOnlyMemberNamesOfTheModel_AndItsSuccessCodes()
    {
        var name = LambdaKit.UniqueName("model");
        var created = await Control.PostAsync("/2015-03-31/functions", new
        {
            FunctionName = name,
            Runtime = "nodejs20.x",
            Handler = "index.handler",
            Role = LambdaKit.Role,
            Environment = new { Variables = new { GREETING = "hi" } },
            Tags = new { team = "pets" },
            Code = new { ZipFile = Convert.ToBase64String(LambdaKit.NodeZip()) },
        });
        Assert.Equal(SuccessCode("CreateFunction"), (int)created.Status);
        AssertMembers("FunctionConfiguration", created.Json);
        await Control.WaitUpdatedAsync(name);

        var published = await Control.PostAsync($"/2015-03-31/functions/{name}/versions", new { });
        Assert.Equal(SuccessCode("PublishVersion"), (int)published.Status);
        var alias = await Control.PostAsync($"/2015-03-31/functions/{name}/aliases", new { Name = "live", FunctionVersion = "1" });
        Assert.Equal(SuccessCode("CreateAlias"), (int)alias.Status);
        AssertMembers("AliasConfiguration", alias.Json);
        var permission = await Control.PostAsync($"/2015-03-31/functions/{name}/policy", new { StatementId = "s", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com" });
        Assert.Equal(SuccessCode("AddPermission"), (int)permission.Status);
        AssertMembers("AddPermissionResponse", permission.Json);
        var concurrency = await Control.SendAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", new { ReservedConcurrentExecutions = 1 });
        Assert.Equal(SuccessCode("PutFunctionConcurrency"), (int)concurrency.Status);
        AssertMembers("Concurrency", concurrency.Json);

        var function = (await Control.GetAsync($"/2015-03-31/functions/{name}")).ShouldBe(HttpStatusCode.OK).Json;
        AssertMembers("GetFunctionResponse", function);
        AssertMembers("FunctionConfiguration", function.GetProperty("Configuration"));
        AssertMembers("FunctionCodeLocation", function.GetProperty("Code"));
        AssertMembers("EnvironmentResponse", function.GetProperty("Configuration").GetProperty("Environment"));
        AssertMembers("ListFunctionsResponse", (await Control.GetAsync("/2015-03-31/functions/?MaxItems=1")).Json);
        AssertMembers("ListVersionsByFunctionResponse", (await Control.GetAsync($"/2015-03-31/functions/{name}/versions")).Json);
        AssertMembers("ListAliasesResponse", (await Control.GetAsync($"/2015-03-31/functions/{name}/aliases")).Json);
        AssertMembers("GetPolicyResponse", (await Control.GetAsync($"/2015-03-31/functions/{name}/policy")).Json);
        AssertMembers("ListTagsResponse", (await Control.GetAsync($"/2017-03-31/tags/{Uri.EscapeDataString(LambdaKit.Arn(name))}")).Json);
        AssertMembers("GetAccountSettingsResponse", (await Control.GetAsync("/2016-08-19/account-settings/")).Json);

        Assert.Equal(SuccessCode("TagResource"), (int)(await Control.PostAsync($"/2017-03-31/tags/{Uri.EscapeDataString(LambdaKit.Arn(name))}", new { Tags = new { a = "b" } })).Status);
        Assert.Equal(SuccessCode("RemovePermission"), (int)(await Control.DeleteAsync($"/2015-03-31/functions/{name}/policy/s")).Status);
        Assert.Equal(SuccessCode("DeleteAlias"), (int)(await Control.DeleteAsync($"/2015-03-31/functions/{name}/aliases/live")).Status);
        Assert.Equal(SuccessCode("DeleteFunctionConcurrency"), (int)(await Control.DeleteAsync($"/2017-10-31/functions/{name}/concurrency")).Status);
        Assert.Equal(SuccessCode("DeleteFunction"), (int)(await Control.DeleteAsync($"/2015-03-31/functions/{name}")).Status);
    }

    [LambdaServiceModelFact]
    public async Task Errors_UseTheModelsMemberNames()
    {
        AssertMembers("ResourceNotFoundException", (await Control.GetAsync("/2015-03-31/functions/no-such-function")).Json);
        AssertMembers("InvalidParameterValueException", (await Control.PostAsync("/2015-03-31/functions",
            new { FunctionName = "x", Role = LambdaKit.Role, Runtime = "cobol", Handler = "h", Code = new { ZipFile = "" } })).Json);
    }

    private static int SuccessCode(string operation) =>
        Model.Value.GetProperty("operations").GetProperty(operation).GetProperty("http").TryGetProperty("responseCode", out var code) ? code.GetInt32() : 200;

    private static void AssertMembers(string shape, JsonElement json)
    {
        var members = Model.Value.GetProperty("shapes").GetProperty(shape).GetProperty("members");
        var allowed = members.EnumerateObject()
            .Where(m => !m.Value.TryGetProperty("location", out _))
            .Select(m => m.Value.TryGetProperty("locationName", out var n) ? n.GetString()! : m.Name)
            .ToHashSet();
        var unknown = json.EnumerateObject().Select(p => p.Name).Where(n => !allowed.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"{shape}: members not in the botocore model: {string.Join(", ", unknown)} (model has {string.Join(", ", allowed.Order())})");
    }

    /// <summary>A fact that needs the shared botocore lambda model; skipped, saying why, when it is not there.</summary>
    private sealed class LambdaServiceModelFactAttribute : FactAttribute
    {
        public LambdaServiceModelFactAttribute()
        {
            if (ModelPath is null)
            {
                Skip = "needs ../shared/reference/service-models/lambda/service-2.json beside the repository (absent in a plain clone)";
            }
        }
    }
}
