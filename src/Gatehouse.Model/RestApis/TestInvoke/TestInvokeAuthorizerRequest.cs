namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>TestInvokeAuthorizer's target (an authorizer of the working copy) and its simulated request.</summary>
public sealed record TestInvokeAuthorizerRequest(string AuthorizerId, TestInvokeRequest Request);
