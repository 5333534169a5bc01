using System.Text.Json;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// CloudWatch over awsJson 1.0 (<c>X-Amz-Target: GraniteServiceVersion20100801.{Operation}</c>), as current SDKs send
/// it; query-compatible, so errors carry the query error code too.
/// </summary>
public sealed class CloudWatchJsonService(CloudWatchApi api) : IJsonService
{
    public string TargetPrefix => "GraniteServiceVersion20100801";

    public string ContentType => "application/x-amz-json-1.0";

    public bool QueryCompatible => true;

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

        return write is null ? null : json => write(new JsonShapeWriter(json));
    }
}
