using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Gatehouse.Identity.Secrets;
using Gatehouse.Model.Iam;
using Gatehouse.Store;
using Microsoft.Extensions.Logging;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// Keeps the <see cref="CredentialRegistry"/> equal to the stored IAM users: every user at start, then every committed
/// change from the store's feed (awaited, so a key created by an IAM call works as soon as the call has answered).
/// A secret that does not open (a damaged store, another key file) or a stored policy that no longer compiles is
/// left out and logged, never the secret itself.
/// </summary>
public sealed partial class IamRegistrySync(IConfigStore store, CredentialRegistry registry, SecretCipher cipher, ControlPlaneOptions options, ILogger<IamRegistrySync> logger)
    : IDisposable
{
    private IDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = store.IamUserChanges.Subscribe((change, _) =>
        {
            if (change.Document is null)
            {
                registry.RemoveUser(change.UserName);
            }
            else
            {
                registry.SetUser(ToRegistered(change.Document));
            }

            return Task.CompletedTask;
        });
        registry.ReplaceUsers((await store.ListIamUsersAsync(cancellationToken)).Select(ToRegistered));
    }

    public void Dispose() => _subscription?.Dispose();

    internal RegisteredUser ToRegistered(IamUserDocument user)
    {
        var identity = new CallerIdentity(options.AccountId, user.Arn(options.AccountId), user.UserId) { UserName = user.UserName };
        var keys = new List<AccessKeyCredential>();
        foreach (var key in user.AccessKeys.Where(k => k.Active))
        {
            if (cipher.TryDecrypt(key.SealedSecret, key.AccessKeyId, out var secret))
            {
                keys.Add(new AccessKeyCredential(key.AccessKeyId, secret, identity));
            }
            else
            {
                LogUnreadableSecret(logger, key.AccessKeyId, user.UserName);
            }
        }

        var policies = new List<CompiledPolicy>();
        foreach (var policy in user.Policies)
        {
            if (PolicyParser.Parse(policy.Document).Policy is { } compiled)
            {
                policies.Add(compiled);
            }
            else
            {
                LogUncompilablePolicy(logger, policy.PolicyName, user.UserName);
            }
        }

        return new RegisteredUser(identity, keys, policies);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The secret of access key {AccessKeyId} (user {UserName}) cannot be decrypted with this data directory's key file; the key is disabled")]
    private static partial void LogUnreadableSecret(ILogger logger, string accessKeyId, string userName);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored policy {PolicyName} of user {UserName} does not compile; it is ignored")]
    private static partial void LogUncompilablePolicy(ILogger logger, string policyName, string userName);
}
