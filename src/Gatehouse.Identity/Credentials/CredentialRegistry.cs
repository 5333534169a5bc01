using System.Collections.Frozen;
using System.Collections.Immutable;
using Gatehouse.Identity.Policies;

namespace Gatehouse.Identity.Credentials;

/// <summary>
/// Every active access key and every user's compiled identity policies, in memory. Readers take one immutable
/// snapshot (one volatile read, no lock); writers build a new snapshot under a lock and swap it in whole. Keys of the
/// administrator (the account root, added by the host) take precedence over users' keys with the same id.
/// </summary>
public sealed class CredentialRegistry : ICredentialSource
{
    private readonly Lock _writer = new();
    private ImmutableDictionary<string, RegisteredUser> _users = ImmutableDictionary.Create<string, RegisteredUser>(StringComparer.OrdinalIgnoreCase);
    private ImmutableDictionary<string, AccessKeyCredential> _administratorKeys = ImmutableDictionary.Create<string, AccessKeyCredential>(StringComparer.Ordinal);
    private Snapshot _snapshot = Snapshot.Empty;

    public AccessKeyCredential? Find(string accessKeyId)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        return Volatile.Read(ref _snapshot).Keys.GetValueOrDefault(accessKeyId);
    }

    /// <summary>
    /// The identity policies of <paramref name="identity"/> (by ARN): empty for an unknown principal and for the
    /// account root, which IAM does not restrict by identity policies (check <see cref="CallerIdentity.IsAccountRoot"/>).
    /// </summary>
    public IReadOnlyList<CompiledPolicy> GetPolicies(CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Volatile.Read(ref _snapshot).PoliciesByArn.GetValueOrDefault(identity.Arn) ?? [];
    }

    /// <summary>Adds (or replaces) a key of the account root: full access, as the root user's keys have on AWS.</summary>
    public AccessKeyCredential AddAdministratorKey(string accessKeyId, string secretAccessKey, string accountId, bool acceptsAnySessionToken = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var credential = new AccessKeyCredential(accessKeyId, secretAccessKey, new CallerIdentity(accountId, $"arn:aws:iam::{accountId}:root", accountId))
        {
            AcceptsAnySessionToken = acceptsAnySessionToken,
        };
        lock (_writer)
        {
            _administratorKeys = _administratorKeys.SetItem(accessKeyId, credential);
            Publish();
        }

        return credential;
    }

    /// <summary>Adds or replaces one user (by user name, case-insensitive as IAM's names are).</summary>
    public void SetUser(RegisteredUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity.UserName ?? throw new ArgumentException("A registered user has a user name.", nameof(user));
        lock (_writer)
        {
            _users = _users.SetItem(name, user);
            Publish();
        }
    }

    public void RemoveUser(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        lock (_writer)
        {
            _users = _users.Remove(userName);
            Publish();
        }
    }

    /// <summary>Replaces every user at once (the state read at start).</summary>
    public void ReplaceUsers(IEnumerable<RegisteredUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var builder = ImmutableDictionary.CreateBuilder<string, RegisteredUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            builder[user.Identity.UserName ?? throw new ArgumentException("A registered user has a user name.", nameof(users))] = user;
        }

        lock (_writer)
        {
            _users = builder.ToImmutable();
            Publish();
        }
    }

    public override string ToString() => $"CredentialRegistry {{ Keys = {Volatile.Read(ref _snapshot).Keys.Count} }}";

    private void Publish()
    {
        var keys = new Dictionary<string, AccessKeyCredential>(StringComparer.Ordinal);
        var policies = new Dictionary<string, IReadOnlyList<CompiledPolicy>>(StringComparer.Ordinal);
        foreach (var user in _users.Values)
        {
            foreach (var key in user.ActiveKeys)
            {
                keys[key.AccessKeyId] = key;
            }

            policies[user.Identity.Arn] = user.Policies;
        }

        foreach (var (id, key) in _administratorKeys)
        {
            keys[id] = key;
        }

        Volatile.Write(ref _snapshot, new Snapshot(keys.ToFrozenDictionary(StringComparer.Ordinal), policies.ToFrozenDictionary(StringComparer.Ordinal)));
    }

    private sealed record Snapshot(FrozenDictionary<string, AccessKeyCredential> Keys, FrozenDictionary<string, IReadOnlyList<CompiledPolicy>> PoliciesByArn)
    {
        public static Snapshot Empty { get; } = new(FrozenDictionary<string, AccessKeyCredential>.Empty, FrozenDictionary<string, IReadOnlyList<CompiledPolicy>>.Empty);
    }
}
