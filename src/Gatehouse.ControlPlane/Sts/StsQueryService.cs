using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.ControlPlane.Sts;

/// <summary>STS's query API (<c>Version=2011-06-15</c>): <c>GetCallerIdentity</c>, which every principal may call.</summary>
public sealed class StsQueryService : IQueryService
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public string SigningName => "sts";

    public string XmlNamespace => Namespace;

    /// <summary>None: STS's operations here need no permission (GetCallerIdentity never does).</summary>
    public ServiceAccess? AccessOf(QueryCall call) => null;

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(403, "AccessDenied", ServiceAuthorizer.DeniedMessage(callerArn, action, resource, explicitDeny));

    public Task<Action<QueryXmlWriter>?> InvokeAsync(QueryCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Action != "GetCallerIdentity")
        {
            throw new AwsException(400, "InvalidAction", $"Could not find operation {call.Action} for version {call.Parameters.Version ?? "NO_VERSION_SPECIFIED"}");
        }

        var caller = call.Caller ?? throw new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        return Task.FromResult<Action<QueryXmlWriter>?>(xml =>
        {
            xml.Element("UserId", caller.UserId);
            xml.Element("Account", caller.AccountId);
            xml.Element("Arn", caller.Arn);
        });
    }
}
