using System.Text.RegularExpressions;
using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;

namespace Gatehouse.UnitTests.Identity.Credentials;

public sealed class CredentialRegistryTests
{
    private static RegisteredUser User(string name, params string[] keyIds)
    {
        var identity = new CallerIdentity("123456789012", $"arn:aws:iam::123456789012:user/{name}", "AIDA" + name.ToUpperInvariant()) { UserName = name };
        var policy = PolicyParser.Parse("""{"Statement":{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}}""").Policy!;
        return new RegisteredUser(identity, [.. keyIds.Select(id => new AccessKeyCredential(id, "secret-" + id, identity))], [policy]);
    }

    [Fact]
    public void Find_KeyOfASetUser_ReturnsItsCredentialAndIdentity()
    {
        var registry = new CredentialRegistry();
        registry.SetUser(User("alice", "AKIAALICE0000000001"));

        var credential = registry.Find("AKIAALICE0000000001");

        Assert.NotNull(credential);
        Assert.Equal("secret-AKIAALICE0000000001", credential.SecretAccessKey);
        Assert.Equal("alice", credential.Identity.UserName);
        Assert.Null(registry.Find("AKIAUNKNOWN00000000"));
        Assert.Null(registry.Find("akiaalice0000000001"));
    }

    [Fact]
    public void SetUser_Again_ReplacesItsKeys()
    {
        var registry = new CredentialRegistry();
        registry.SetUser(User("alice", "AKIAOLD"));

        registry.SetUser(User("ALICE", "AKIANEW"));

        Assert.Null(registry.Find("AKIAOLD"));
        Assert.NotNull(registry.Find("AKIANEW"));
    }

    [Fact]
    public void RemoveUser_DropsKeysAndPolicies()
    {
        var registry = new CredentialRegistry();
        var alice = User("alice", "AKIAA");
        registry.SetUser(alice);

        registry.RemoveUser("Alice");

        Assert.Null(registry.Find("AKIAA"));
        Assert.Empty(registry.GetPolicies(alice.Identity));
    }

    [Fact]
    public void GetPolicies_ByIdentity_ReturnsTheUsersCompiledPolicies()
    {
        var registry = new CredentialRegistry();
        var bob = User("bob", "AKIAB");
        registry.ReplaceUsers([User("alice", "AKIAA"), bob]);

        var policies = registry.GetPolicies(registry.Find("AKIAB")!.Identity);

        Assert.Same(bob.Policies[0], Assert.Single(policies));
    }

    [Fact]
    public void AddAdministratorKey_IsTheAccountRootAndWinsOverAUserKey()
    {
        var registry = new CredentialRegistry();
        registry.SetUser(User("mallory", "test"));

        registry.AddAdministratorKey("test", "test", "123456789012", acceptsAnySessionToken: true);

        var root = registry.Find("test")!;
        Assert.True(root.Identity.IsAccountRoot);
        Assert.Equal("arn:aws:iam::123456789012:root", root.Identity.Arn);
        Assert.Equal("123456789012", root.Identity.UserId);
        Assert.True(root.AcceptsAnySessionToken);
        Assert.Empty(registry.GetPolicies(root.Identity));
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var registry = new CredentialRegistry();
        var user = User("alice", "AKIAA");
        registry.SetUser(user);

        Assert.DoesNotContain("secret-", registry.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", user.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", registry.Find("AKIAA")!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_WhileWritersSwapSnapshots_NeverSeesAPartialState()
    {
        var registry = new CredentialRegistry();
        registry.SetUser(User("stable", "AKIASTABLE"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                registry.SetUser(User("churn", "AKIACHURN" + (i % 3)));
            }
        });

        while (!stop.IsCancellationRequested)
        {
            Assert.NotNull(registry.Find("AKIASTABLE"));
        }

        await writer;
    }

    [Fact]
    public void AccessKeyIds_HaveIamsShapes()
    {
        Assert.Matches(new Regex("^AKIA[A-Z0-9]{16}$"), AccessKeyIds.NewAccessKeyId());
        Assert.Matches(new Regex("^AIDA[A-Z0-9]{17}$"), AccessKeyIds.NewUserId());
        Assert.Matches(new Regex("^[A-Za-z0-9+/]{40}$"), AccessKeyIds.NewSecretAccessKey());
        Assert.NotEqual(AccessKeyIds.NewSecretAccessKey(), AccessKeyIds.NewSecretAccessKey());
    }
}
