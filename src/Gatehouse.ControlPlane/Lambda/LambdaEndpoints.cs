using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>The lambda operations on the URIs of botocore's model (signing name <c>lambda</c>).</summary>
public static class LambdaEndpoints
{
    /// <summary>The API versions in Lambda's paths: a request under one of them is a lambda operation.</summary>
    private static readonly string[] Prefixes = ["/2015-03-31", "/2016-08-19", "/2017-03-31", "/2017-10-31", "/2019-09-30"];

    public static bool IsLambdaPath(PathString path) => Prefixes.Any(p => path.StartsWithSegments(p));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var functions = endpoints.MapGroup("/2015-03-31/functions");
        functions.MapPost("", FunctionOperations.CreateFunction);
        functions.MapGet("", FunctionOperations.ListFunctions);
        functions.MapGet("/{functionName}", FunctionOperations.GetFunction);
        functions.MapDelete("/{functionName}", FunctionOperations.DeleteFunction);
        functions.MapGet("/{functionName}/configuration", FunctionOperations.GetFunctionConfiguration);
        functions.MapPut("/{functionName}/configuration", FunctionOperations.UpdateFunctionConfiguration);
        functions.MapPut("/{functionName}/code", FunctionOperations.UpdateFunctionCode);
        functions.MapPost("/{functionName}/invocations", InvokeOperations.Invoke);

        functions.MapPost("/{functionName}/versions", VersionOperations.PublishVersion);
        functions.MapGet("/{functionName}/versions", VersionOperations.ListVersionsByFunction);

        functions.MapPost("/{functionName}/aliases", AliasOperations.CreateAlias);
        functions.MapGet("/{functionName}/aliases", AliasOperations.ListAliases);
        functions.MapGet("/{functionName}/aliases/{name}", AliasOperations.GetAlias);
        functions.MapPut("/{functionName}/aliases/{name}", AliasOperations.UpdateAlias);
        functions.MapDelete("/{functionName}/aliases/{name}", AliasOperations.DeleteAlias);

        functions.MapPost("/{functionName}/policy", PolicyOperations.AddPermission);
        functions.MapGet("/{functionName}/policy", PolicyOperations.GetPolicy);
        functions.MapDelete("/{functionName}/policy/{statementId}", PolicyOperations.RemovePermission);

        endpoints.MapPut("/2017-10-31/functions/{functionName}/concurrency", ConcurrencyOperations.PutFunctionConcurrency);
        endpoints.MapDelete("/2017-10-31/functions/{functionName}/concurrency", ConcurrencyOperations.DeleteFunctionConcurrency);
        endpoints.MapGet("/2019-09-30/functions/{functionName}/concurrency", ConcurrencyOperations.GetFunctionConcurrency);
        endpoints.MapGet("/2016-08-19/account-settings", ConcurrencyOperations.GetAccountSettings);

        endpoints.MapGet("/2017-03-31/tags/{arn}", TagOperations.ListTags);
        endpoints.MapPost("/2017-03-31/tags/{arn}", TagOperations.TagResource);
        endpoints.MapDelete("/2017-03-31/tags/{arn}", TagOperations.UntagResource);

        endpoints.MapGet(FunctionOperations.CodePath + "/{codeId}", FunctionOperations.DownloadCode);
    }
}
