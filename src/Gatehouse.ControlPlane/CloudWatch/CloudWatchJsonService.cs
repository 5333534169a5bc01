using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// CloudWatch over awsJson 1.0 (<c>X-Amz-Target: GraniteServiceVersion20100801.{Operation}</c>), as current SDKs send
/// it; query-compatible, so errors carry the query error code too.
/// </summary>
public sealed class CloudWatchJsonService(CloudWatchApi api) : IJsonService
{
    /// <summary>CloudWatch's query error codes and the names of their error shapes (botocore's model).</summary>
    private static readonly Dictionary<string, string> ShapeNames = new(StringComparer.Ordinal)
    {
        ["InvalidParameterValue"] = "InvalidParameterValueException",
        ["InvalidParameterCombination"] = "InvalidParameterCombinationException",
        ["MissingParameter"] = "MissingRequiredParameterException",
        ["InvalidFormat"] = "InvalidFormatFault",
        ["LimitExceeded"] = "LimitExceededFault",
        ["InternalServiceError"] = "InternalServiceFault",
    };

    public string TargetPrefix => "GraniteServiceVersion20100801";

    public string ContentType => "application/x-amz-json-1.0";

    public bool QueryCompatible => true;

    public ServiceAccess AccessOf(JsonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return api.AccessOf(call.Operation, JsonInput.Of(call.Body));
    }

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(403, "AccessDeniedException", ServiceAuthorizer.DeniedMessage(callerArn, action, resource, explicitDeny)) { QueryErrorCode = "AccessDenied" };

    public async Task<Action<Utf8JsonWriter>?> InvokeAsync(JsonCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        Action<IShapeWriter>? write;
        try
        {
            write = await api.InvokeAsync(call.Operation, JsonInput.Of(call.Body), cancellationToken);
        }
        catch (AwsException e) when (e.ErrorType == "InvalidAction")
        {
            throw new AwsException(400, "UnknownOperationException", e.Message);
        }
        catch (AwsException e) when (ShapeNames.TryGetValue(e.ErrorType, out var shape))
        {
            // awsJson names the error shape; the query code travels in x-amzn-query-error for query-compatible clients.
            throw new AwsException(e.StatusCode, shape, e.Message) { QueryErrorCode = e.ErrorType };
        }

        return write is null ? null : json => write(new JsonShapeWriter(json));
    }
}
