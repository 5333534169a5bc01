using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>CloudWatch over the query protocol (<c>Version=2010-08-01</c>, signing name <c>monitoring</c>), as the AWS CLI v2.9 sends it.</summary>
public sealed class CloudWatchQueryService(CloudWatchApi api) : IQueryService
{
    public const string Namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    public string SigningName => "monitoring";

    public string XmlNamespace => Namespace;

    public ServiceAccess AccessOf(QueryCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return api.AccessOf(call.Action, QueryInput.Of(call.Parameters));
    }

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        CloudWatchApi.AccessDenied(callerArn, action, resource, explicitDeny);

    public async Task<Action<QueryXmlWriter>?> InvokeAsync(QueryCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var write = await api.InvokeAsync(call.Action, QueryInput.Of(call.Parameters), cancellationToken);
        return write is null ? null : xml => write(new QueryShapeWriter(xml));
    }
}
