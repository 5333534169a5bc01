namespace Gatehouse.Model;

/// <summary>ARNs of API Gateway resources, in the configured region and account.</summary>
public static class Arns
{
    public static string Api(string region, string apiId) => $"arn:aws:apigateway:{region}::/apis/{apiId}";

    public static string Stage(string region, string apiId, string stageName) =>
        $"arn:aws:apigateway:{region}::/apis/{apiId}/stages/{stageName}";

    /// <summary>Parses an apigatewayv2 resource ARN into the API id and, for a stage, its name.</summary>
    public static bool TryParseV2(string arn, out string apiId, out string? stageName)
    {
        apiId = "";
        stageName = null;
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "apigateway")
        {
            return false;
        }

        var path = parts[5].Split('/');
        // "/apis/{id}" or "/apis/{id}/stages/{name}"
        if (path.Length >= 3 && path[0] == "" && path[1] == "apis" && path[2].Length > 0)
        {
            apiId = path[2];
            if (path.Length == 3)
            {
                return true;
            }

            if (path.Length == 5 && path[3] == "stages" && path[4].Length > 0)
            {
                stageName = path[4];
                return true;
            }
        }

        return false;
    }
}

/// <summary>ARNs of Lambda resources.</summary>
public static class LambdaArns
{
    public static string Function(string region, string accountId, string functionName) =>
        $"arn:aws:lambda:{region}:{accountId}:function:{functionName}";

    public static string Qualified(string region, string accountId, string functionName, string qualifier) =>
        $"arn:aws:lambda:{region}:{accountId}:function:{functionName}:{qualifier}";
}
