using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Iam;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Gatehouse.Identity.Secrets;
using Gatehouse.Store.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.ControlPlane.Iam;

/// <summary>IamService over a real SQLite store, with the registry kept in sync from the store's feed.</summary>
public sealed class IamServiceTests : IAsyncLifetime
{
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}}""";
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-iam-").FullName;
    private SqliteConfigStore _store = null!;
    private SecretCipher _cipher = null!;
    private IamRegistrySync _sync = null!;
    private readonly CredentialRegistry _registry = new();
    private IamService _iam = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);
        _cipher = SecretCipher.LoadOrCreate(SecretCipher.DefaultKeyFile(_directory));
        var options = new ControlPlaneOptions { AccountId = "123456789012" };
        _iam = new IamService(_store, _cipher, options);
        _sync = new IamRegistrySync(_store, _registry, _cipher, options, NullLogger<IamRegistrySync>.Instance);
        await _sync.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _sync.Dispose();
        _cipher.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task CreateUser_SameNameOtherCase_IsEntityAlreadyExists()
    {
        await _iam.CreateUserAsync("Alice", "/", [], CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsException>(() => _iam.CreateUserAsync("alice", "/", [], CancellationToken.None));

        Assert.Equal("EntityAlreadyExists", error.ErrorType);
        Assert.Equal(409, error.StatusCode);
    }

    [Fact]
    public async Task CreateAccessKey_RegistryKnowsItAtOnce_WithTheUsersIdentity()
    {
        var user = await _iam.CreateUserAsync("alice", "/team/", [], CancellationToken.None);

        var (key, secret) = await _iam.CreateAccessKeyAsync("alice", null, null, active: true, CancellationToken.None);

        var credential = _registry.Find(key.AccessKeyId);
        Assert.NotNull(credential);
        Assert.Equal(secret, credential.SecretAccessKey);
        Assert.Equal("arn:aws:iam::123456789012:user/team/alice", credential.Identity.Arn);
        Assert.Equal(user.UserId, credential.Identity.UserId);
        Assert.Equal("alice", credential.Identity.UserName);
    }

    [Fact]
    public async Task CreateAccessKey_Third_IsLimitExceeded()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);
        await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsException>(() => _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None));

        Assert.Equal("LimitExceeded", error.ErrorType);
        Assert.Equal("Cannot exceed quota for AccessKeysPerUser: 2", error.Message);
    }

    [Fact]
    public async Task CreateAccessKey_StoresOnlyTheSealedSecret()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, secret) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);

        var stored = (await _store.GetIamUserAsync("alice", CancellationToken.None))!.AccessKeys.Single();

        Assert.NotEqual(secret, stored.SealedSecret);
        Assert.DoesNotContain(secret, stored.SealedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        Assert.True(_iam.HasSecret(stored, secret));
        Assert.Equal(key.AccessKeyId, (await _store.FindIamUserByAccessKeyAsync(key.AccessKeyId, CancellationToken.None))!.AccessKeys[0].AccessKeyId);
    }

    [Fact]
    public async Task CreateAccessKey_GivenIdHeldByAnotherUser_IsRefused()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        await _iam.CreateUserAsync("bob", "/", [], CancellationToken.None);
        await _iam.CreateAccessKeyAsync("alice", "AKIASHARED000000001", "s1", true, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsException>(() => _iam.CreateAccessKeyAsync("bob", "AKIASHARED000000001", "s2", true, CancellationToken.None));

        Assert.Equal("EntityAlreadyExists", error.ErrorType);
        Assert.Equal("s1", _registry.Find("AKIASHARED000000001")!.SecretAccessKey);
    }

    [Fact]
    public async Task UpdateAccessKey_Inactive_IsNotFoundUntilActiveAgain()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, _) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);

        await _iam.UpdateAccessKeyAsync("alice", key.AccessKeyId, active: false, CancellationToken.None);
        Assert.Null(_registry.Find(key.AccessKeyId));

        await _iam.UpdateAccessKeyAsync("alice", key.AccessKeyId, active: true, CancellationToken.None);
        Assert.NotNull(_registry.Find(key.AccessKeyId));
    }

    [Fact]
    public async Task DeleteUser_WithKeysThenPolicies_IsDeleteConflictUntilBothAreGone()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, _) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);
        await _iam.PutUserPolicyAsync("alice", "p", Allow, CancellationToken.None);

        Assert.Equal("Cannot delete entity, must delete access keys first.",
            (await Assert.ThrowsAsync<AwsException>(() => _iam.DeleteUserAsync("alice", CancellationToken.None))).Message);
        await _iam.DeleteAccessKeyAsync("alice", key.AccessKeyId, CancellationToken.None);
        Assert.Equal("Cannot delete entity, must delete policies first.",
            (await Assert.ThrowsAsync<AwsException>(() => _iam.DeleteUserAsync("alice", CancellationToken.None))).Message);
        await _iam.DeleteUserPolicyAsync("alice", "p", CancellationToken.None);

        await _iam.DeleteUserAsync("alice", CancellationToken.None);

        Assert.Null(await _store.GetIamUserAsync("alice", CancellationToken.None));
        Assert.Null(_registry.Find(key.AccessKeyId));
        Assert.Equal("NoSuchEntity", (await Assert.ThrowsAsync<AwsException>(() => _iam.DeleteUserAsync("alice", CancellationToken.None))).ErrorType);
    }

    [Fact]
    public async Task PutUserPolicy_CompiledIntoTheRegistry_AndReplacedByName()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, _) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);
        var identity = _registry.Find(key.AccessKeyId)!.Identity;

        await _iam.PutUserPolicyAsync("alice", "p", Allow, CancellationToken.None);
        Assert.Equal(PolicyDecision.Allow, PolicyEvaluator.Evaluate(_registry.GetPolicies(identity), "execute-api:Invoke", "arn:x:y:z:w:v", PolicyContext.Empty));

        await _iam.PutUserPolicyAsync("alice", "p", Allow.Replace("Allow", "Deny", StringComparison.Ordinal), CancellationToken.None);
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate(_registry.GetPolicies(identity), "execute-api:Invoke", "arn:x:y:z:w:v", PolicyContext.Empty));
        Assert.Single((await _iam.GetUserAsync("alice", CancellationToken.None)).Policies);
    }

    [Fact]
    public async Task PutUserPolicy_Malformed_IsMalformedPolicyDocumentAndNothingChanges()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsException>(() =>
            _iam.PutUserPolicyAsync("alice", "p", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}""", CancellationToken.None));

        Assert.Equal("MalformedPolicyDocument", error.ErrorType);
        Assert.Equal("Policy statement must contain actions.", error.Message);
        Assert.Empty((await _iam.GetUserAsync("alice", CancellationToken.None)).Policies);
    }

    [Fact]
    public async Task PutUserPolicy_OverTheUsersInlineQuota_IsLimitExceeded()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var resources = string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"arn:aws:execute-api:us-east-1:1:api{i}/*\""));
        var big = $$$"""{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":[{{{resources}}}]}}""";

        var error = await Assert.ThrowsAsync<AwsException>(() => _iam.PutUserPolicyAsync("alice", "big", big, CancellationToken.None));

        Assert.Equal("LimitExceeded", error.ErrorType);
        Assert.Equal("Maximum policy size of 2048 bytes exceeded for user alice", error.Message);
    }

    [Fact]
    public async Task RegistrySync_AtStart_LoadsStoredUsers()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, secret) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);
        var fresh = new CredentialRegistry();
        using var sync = new IamRegistrySync(_store, fresh, _cipher, new ControlPlaneOptions { AccountId = "123456789012" }, NullLogger<IamRegistrySync>.Instance);

        await sync.StartAsync(CancellationToken.None);

        Assert.Equal(secret, fresh.Find(key.AccessKeyId)!.SecretAccessKey);
    }

    [Fact]
    public async Task RegistrySync_SecretSealedWithAnotherKeyFile_LeavesTheKeyOut()
    {
        await _iam.CreateUserAsync("alice", "/", [], CancellationToken.None);
        var (key, _) = await _iam.CreateAccessKeyAsync("alice", null, null, true, CancellationToken.None);
        using var otherCipher = SecretCipher.LoadOrCreate(Path.Combine(_directory, "other.key"));
        var fresh = new CredentialRegistry();
        using var sync = new IamRegistrySync(_store, fresh, otherCipher, new ControlPlaneOptions(), NullLogger<IamRegistrySync>.Instance);

        await sync.StartAsync(CancellationToken.None);

        Assert.Null(fresh.Find(key.AccessKeyId));
    }
}
