namespace Gatehouse.Model.RestApis.TestInvoke;

/// <summary>TestInvokeMethod's target (a method of the working copy) and its simulated request.</summary>
public sealed record TestInvokeMethodRequest(string ResourceId, string HttpMethod, TestInvokeRequest Request);
