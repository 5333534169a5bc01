using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>Builds REST APIs with the real AWS CLI (<c>aws apigateway ...</c>), one call per step as a user types them.</summary>
internal sealed class RestDataPlaneCli(AwsCli cli)
{
    public async Task<JsonElement> RunAsync(params string[] arguments) => (await cli.RunAsync(["apigateway", .. arguments])).ShouldSucceed().Json;

    /// <summary><c>create-rest-api</c>; returns the API id and its root resource id.</summary>
    public async Task<(string ApiId, string RootId)> CreateApiAsync(string name)
    {
        var apiId = (await RunAsync("create-rest-api", "--name", name)).GetProperty("id").GetString()!;
        var rootId = (await RunAsync("get-resources", "--rest-api-id", apiId)).GetProperty("items")[0].GetProperty("id").GetString()!;
        return (apiId, rootId);
    }

    public async Task<string> ResourceAsync(string apiId, string parentId, string pathPart) =>
        (await RunAsync("create-resource", "--rest-api-id", apiId, "--parent-id", parentId, "--path-part", pathPart)).GetProperty("id").GetString()!;

    public Task<JsonElement> MethodAsync(string apiId, string resourceId, string verb, params string[] extra) =>
        RunAsync(["put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--authorization-type", "NONE", .. extra]);

    /// <summary><c>put-integration --type AWS_PROXY</c> to a function, by API Gateway's invocation URI.</summary>
    public Task<JsonElement> LambdaAsync(string apiId, string resourceId, string verb, string functionName) =>
        RunAsync("put-integration", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--type", "AWS_PROXY",
            "--integration-http-method", "POST", "--uri", LambdaUri(functionName));

    public Task<JsonElement> HttpProxyAsync(string apiId, string resourceId, string verb, string uri, params string[] extra) =>
        RunAsync(["put-integration", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", verb, "--type", "HTTP_PROXY",
            "--integration-http-method", "ANY", "--uri", uri, .. extra]);

    public async Task<string> DeployAsync(string apiId, string stage, params string[] extra) =>
        (await RunAsync(["create-deployment", "--rest-api-id", apiId, "--stage-name", stage, .. extra])).GetProperty("id").GetString()!;

    public static string LambdaUri(string functionName) =>
        $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LambdaKit.Arn(functionName)}/invocations";
}
