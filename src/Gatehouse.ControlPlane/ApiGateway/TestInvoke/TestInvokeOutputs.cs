using Gatehouse.Model.RestApis.TestInvoke;

namespace Gatehouse.ControlPlane.ApiGateway.TestInvoke;

// The response bodies, as botocore's model names them.

/// <summary>TestInvokeMethod's output: <c>headers</c> keeps each name's last value, <c>multiValueHeaders</c> all.</summary>
internal sealed record TestInvokeMethodOutput(
    int Status, string Body, Dictionary<string, string> Headers, Dictionary<string, List<string>> MultiValueHeaders, string Log, long Latency)
{
    public static TestInvokeMethodOutput From(TestInvokeMethodResult result)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var multi = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in result.Headers)
        {
            headers[name] = value;
            if (!multi.TryGetValue(name, out var values))
            {
                multi[name] = values = [];
            }

            values.Add(value);
        }

        return new TestInvokeMethodOutput(result.Status, result.Body, headers, multi, result.Log, result.Latency);
    }
}

/// <summary>TestInvokeAuthorizer's output; absent members are left out.</summary>
internal sealed record TestInvokeAuthorizerOutput(
    int ClientStatus, string Log, long Latency, string? PrincipalId, string? Policy, IReadOnlyDictionary<string, IReadOnlyList<string>>? Authorization,
    IReadOnlyDictionary<string, string>? Claims)
{
    public static TestInvokeAuthorizerOutput From(TestInvokeAuthorizerResult result) =>
        new(result.ClientStatus, result.Log, result.Latency, result.PrincipalId, result.Policy, result.Authorization, result.Claims);
}
