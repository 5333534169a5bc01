using Gatehouse.Model.RestApis;

namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>
/// Runs a REST API's method or authorizer for TestInvokeMethod and TestInvokeAuthorizer: the working copy of the API
/// (not a deployment), through the real integration or authorizer. Implemented by the data plane, which the control
/// plane does not reference; the host wires the two.
/// </summary>
public interface ITestInvoker
{
    /// <summary>Runs the method without authorization or API keys; the method exists in <paramref name="document"/>.</summary>
    Task<TestInvokeMethodResult> TestInvokeMethodAsync(RestApiDocument document, TestInvokeMethodRequest request, CancellationToken cancellationToken);

    /// <summary>Runs the authorizer (it exists in <paramref name="document"/>) on the request's identity.</summary>
    Task<TestInvokeAuthorizerResult> TestInvokeAuthorizerAsync(RestApiDocument document, TestInvokeAuthorizerRequest request, CancellationToken cancellationToken);
}
