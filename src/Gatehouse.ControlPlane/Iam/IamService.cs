using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Gatehouse.Identity.Secrets;
using Gatehouse.Model.Iam;
using Gatehouse.Store;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// IAM users, their access keys and inline policies over the config store. Inputs are validated by the caller (the
/// query operations, the seed file); this class enforces IAM's rules about state: existence, quotas, conflicts.
/// Secrets are sealed with <see cref="SecretCipher"/> before they reach the store.
/// </summary>
public sealed class IamService(IConfigStore store, SecretCipher cipher, ControlPlaneOptions options, TimeProvider? time = null)
{
    private const int MaxAttempts = 5;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string AccountId => options.AccountId;

    public async Task<IamUserDocument> CreateUserAsync(string userName, string path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken)
    {
        var document = new IamUserDocument
        {
            UserName = userName,
            UserId = AccessKeyIds.NewUserId(),
            Path = path,
            CreateDate = Now(),
            Tags = tags,
        };
        try
        {
            return await store.SaveIamUserAsync(document, cancellationToken);
        }
        catch (ConcurrentModificationException)
        {
            throw IamErrors.UserExists(userName);
        }
    }

    public Task<IamUserDocument?> FindUserAsync(string userName, CancellationToken cancellationToken) =>
        store.GetIamUserAsync(userName, cancellationToken);

    public async Task<IamUserDocument> GetUserAsync(string userName, CancellationToken cancellationToken) =>
        await store.GetIamUserAsync(userName, cancellationToken) ?? throw IamErrors.NoSuchUser(userName);

    public async Task<IReadOnlyList<IamUserDocument>> ListUsersAsync(string pathPrefix, CancellationToken cancellationToken) =>
        [.. (await store.ListIamUsersAsync(cancellationToken)).Where(u => u.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];

    public async Task DeleteUserAsync(string userName, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = await GetUserAsync(userName, cancellationToken);
            if (user.AccessKeys.Count > 0)
            {
                throw IamErrors.DeleteConflictKeys();
            }

            if (user.Policies.Count > 0)
            {
                throw IamErrors.DeleteConflictPolicies();
            }

            if (await store.DeleteIamUserAsync(user.UserName, user.Version, cancellationToken))
            {
                return;
            }

            if (attempt == MaxAttempts)
            {
                throw IamErrors.ConcurrentModification();
            }
        }
    }

    /// <summary>
    /// A new access key for the user: a generated one, or the given id and secret (the seed file). The secret is
    /// returned here once and is stored only sealed.
    /// </summary>
    public async Task<(IamAccessKey Key, string Secret)> CreateAccessKeyAsync(
        string userName, string? accessKeyId, string? secretAccessKey, bool active, CancellationToken cancellationToken)
    {
        var id = accessKeyId ?? AccessKeyIds.NewAccessKeyId();
        var secret = secretAccessKey ?? AccessKeyIds.NewSecretAccessKey();
        if (accessKeyId is not null && await store.FindIamUserByAccessKeyAsync(accessKeyId, cancellationToken) is not null)
        {
            throw IamErrors.AccessKeyExists(accessKeyId);
        }

        var key = new IamAccessKey(id, cipher.Encrypt(secret, id), active, Now());
        await EditAsync(userName, user =>
        {
            if (user.AccessKeys.Count >= IamErrors.AccessKeysPerUser)
            {
                throw IamErrors.AccessKeyQuota();
            }

            return user with { AccessKeys = [.. user.AccessKeys, key] };
        }, cancellationToken);
        return (key, secret);
    }

    public Task DeleteAccessKeyAsync(string userName, string accessKeyId, CancellationToken cancellationToken) =>
        EditAsync(userName, user =>
        {
            var key = FindKey(user, accessKeyId);
            return user with { AccessKeys = [.. user.AccessKeys.Where(k => k != key)] };
        }, cancellationToken);

    public Task UpdateAccessKeyAsync(string userName, string accessKeyId, bool active, CancellationToken cancellationToken) =>
        EditAsync(userName, user =>
        {
            var key = FindKey(user, accessKeyId);
            return user with { AccessKeys = [.. user.AccessKeys.Select(k => k == key ? k with { Active = active } : k)] };
        }, cancellationToken);

    /// <summary>Replaces the key's secret (the seed file giving a known key a new secret).</summary>
    public Task ReplaceSecretAsync(string userName, string accessKeyId, string secretAccessKey, bool active, CancellationToken cancellationToken) =>
        EditAsync(userName, user =>
        {
            var key = FindKey(user, accessKeyId);
            var replaced = key with { SealedSecret = cipher.Encrypt(secretAccessKey, accessKeyId), Active = active };
            return user with { AccessKeys = [.. user.AccessKeys.Select(k => k == key ? replaced : k)] };
        }, cancellationToken);

    /// <summary>Whether the stored (sealed) secret of a key is <paramref name="secretAccessKey"/>.</summary>
    public bool HasSecret(IamAccessKey key, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        return cipher.TryDecrypt(key.SealedSecret, key.AccessKeyId, out var secret) && secret == secretAccessKey;
    }

    public Task PutUserPolicyAsync(string userName, string policyName, string document, CancellationToken cancellationToken)
    {
        var parsed = PolicyParser.Parse(document);
        if (!parsed.IsValid)
        {
            throw IamErrors.MalformedPolicy(parsed.Errors[0]);
        }

        return EditAsync(userName, user =>
        {
            var policies = user.Policies.Where(p => !string.Equals(p.PolicyName, policyName, StringComparison.Ordinal))
                .Append(new IamInlinePolicy(policyName, document))
                .OrderBy(p => p.PolicyName, StringComparer.Ordinal)
                .ToList();
            if (policies.Sum(p => p.Document.Count(c => !char.IsWhiteSpace(c))) > IamErrors.InlinePolicyBytesPerUser)
            {
                throw IamErrors.PolicySizeQuota(user.UserName);
            }

            return user with { Policies = policies };
        }, cancellationToken);
    }

    public async Task<(IamUserDocument User, IamInlinePolicy Policy)> GetUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken)
    {
        var user = await GetUserAsync(userName, cancellationToken);
        var policy = user.Policies.FirstOrDefault(p => p.PolicyName == policyName) ?? throw IamErrors.NoSuchPolicy(policyName);
        return (user, policy);
    }

    public Task DeleteUserPolicyAsync(string userName, string policyName, CancellationToken cancellationToken) =>
        EditAsync(userName, user =>
        {
            if (user.Policies.All(p => p.PolicyName != policyName))
            {
                throw IamErrors.NoSuchPolicy(policyName);
            }

            return user with { Policies = [.. user.Policies.Where(p => p.PolicyName != policyName)] };
        }, cancellationToken);

    /// <summary>Replaces a user's path and tags (the seed file).</summary>
    public Task UpdateUserAsync(string userName, string path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken) =>
        EditAsync(userName, user => user with { Path = path, Tags = tags }, cancellationToken);

    /// <summary>Reads the user, applies the change and writes it back, again when another writer came first.</summary>
    private async Task<IamUserDocument> EditAsync(string userName, Func<IamUserDocument, IamUserDocument> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = await GetUserAsync(userName, cancellationToken);
            try
            {
                return await store.SaveIamUserAsync(change(user), cancellationToken);
            }
            catch (ConcurrentModificationException) when (attempt < MaxAttempts)
            {
                // Read again and redo the change.
            }
            catch (ConcurrentModificationException)
            {
                throw IamErrors.ConcurrentModification();
            }
        }
    }

    private static IamAccessKey FindKey(IamUserDocument user, string accessKeyId) =>
        user.AccessKeys.FirstOrDefault(k => k.AccessKeyId == accessKeyId) ?? throw IamErrors.NoSuchAccessKey(accessKeyId);

    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
