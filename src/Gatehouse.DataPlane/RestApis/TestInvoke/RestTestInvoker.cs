using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.TestInvoke;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>The data plane's <see cref="ITestInvoker"/>: TestInvokeMethod and TestInvokeAuthorizer on the working copy.</summary>
public sealed class RestTestInvoker(RestTestMethodInvoker methods, RestTestAuthorizerInvoker authorizers) : ITestInvoker
{
    public Task<TestInvokeMethodResult> TestInvokeMethodAsync(RestApiDocument document, TestInvokeMethodRequest request, CancellationToken cancellationToken) =>
        methods.InvokeAsync(document, request, cancellationToken);

    public Task<TestInvokeAuthorizerResult> TestInvokeAuthorizerAsync(RestApiDocument document, TestInvokeAuthorizerRequest request,
        CancellationToken cancellationToken) =>
        authorizers.InvokeAsync(document, request, cancellationToken);
}
