using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.TestInvoke;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.ControlPlane.ApiGateway.TestInvoke;

/// <summary>
/// TestInvokeMethod (<c>POST /restapis/{id}/resources/{id}/methods/{verb}</c>) and TestInvokeAuthorizer
/// (<c>POST /restapis/{id}/authorizers/{id}</c>): the working copy run by the data plane's <see cref="ITestInvoker"/>.
/// </summary>
internal static class TestInvokeOperations
{
    public static async Task TestInvokeMethod(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var input = await RestJson.ReadBodyAsync<TestInvokeInput>(context.Request);
        // AWS recorded: an unknown API is answered as an unknown resource.
        var document = await service.Store.GetRestApiAsync(restApiId, context.RequestAborted) ?? throw RestErrors.ResourceNotFound();
        var resource = RestTree.Resource(document, resourceId);
        RestTree.Method(document, resourceId, httpMethod);
        var request = input.Parse(document.PathOf(resource));
        var result = await Invoker(context).TestInvokeMethodAsync(document, new TestInvokeMethodRequest(resourceId, httpMethod, request), context.RequestAborted);
        await RestJson.WriteAsync(context, 200, TestInvokeMethodOutput.From(result));
    }

    public static async Task TestInvokeAuthorizer(HttpContext context, RestApiService service, string restApiId, string authorizerId)
    {
        var input = await RestJson.ReadBodyAsync<TestInvokeInput>(context.Request);
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        if (document.Authorizers.All(a => a.Id != authorizerId))
        {
            throw RestErrors.AuthorizerNotFound();
        }

        var request = input.Parse("/");
        var result = await Invoker(context).TestInvokeAuthorizerAsync(document, new TestInvokeAuthorizerRequest(authorizerId, request), context.RequestAborted);
        await RestJson.WriteAsync(context, 200, TestInvokeAuthorizerOutput.From(result));
    }

    private static ITestInvoker Invoker(HttpContext context) =>
        context.RequestServices.GetService<ITestInvoker>() ?? throw new InvalidOperationException("no test invoker is registered");
}
