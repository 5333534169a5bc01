using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Iam;
using Gatehouse.Identity.Secrets;
using Gatehouse.Store.Sqlite;

namespace Gatehouse.UnitTests.ControlPlane.Iam;

public sealed class IamSeedFileTests : IAsyncLifetime
{
    private const string Secret = "seedSecret/0123456789abcdefghijklmnopqrst";
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-seed-").FullName;
    private SqliteConfigStore _store = null!;
    private SecretCipher _cipher = null!;
    private IamService _iam = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteConfigStore.InDirectory(_directory);
        await _store.InitializeAsync(CancellationToken.None);
        _cipher = SecretCipher.LoadOrCreate(SecretCipher.DefaultKeyFile(_directory));
        _iam = new IamService(_store, _cipher, new ControlPlaneOptions());
    }

    public async Task DisposeAsync()
    {
        _cipher.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Seed = $$$"""
        {
          "users": [
            {
              "userName": "ci",
              "path": "/ci/",
              "tags": { "team": "platform" },
              "accessKeys": [ { "accessKeyId": "AKIASEEDCI000000001", "secretAccessKey": "{{{Secret}}}" } ],
              "policies": {
                "invoke": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*" } ] },
                "deny-iam": "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\"}}"
              }
            },
            { "UserName": "plain" }
          ]
        }
        """;

    [Fact]
    public async Task Apply_Twice_CreatesOnceAndChangesNothingTheSecondTime()
    {
        var seed = IamSeedFile.Load(Write(Seed));

        await seed.ApplyAsync(_iam, CancellationToken.None);
        var first = await _store.GetIamUserAsync("ci", CancellationToken.None);
        await seed.ApplyAsync(_iam, CancellationToken.None);
        var second = await _store.GetIamUserAsync("ci", CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal("/ci/", first.Path);
        Assert.Equal("platform", Assert.Single(first.Tags).Value);
        Assert.True(_iam.HasSecret(Assert.Single(first.AccessKeys), Secret));
        Assert.Equal(["deny-iam", "invoke"], first.Policies.Select(p => p.PolicyName));
        Assert.Equal(first.Version, second!.Version);
        Assert.Equal(2, (await _store.ListIamUsersAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Apply_ChangedSecretAndPath_UpdatesTheExistingUser()
    {
        await IamSeedFile.Load(Write(Seed)).ApplyAsync(_iam, CancellationToken.None);
        var before = await _store.GetIamUserAsync("ci", CancellationToken.None);

        await IamSeedFile.Load(Write(Seed.Replace(Secret, "another-secret", StringComparison.Ordinal).Replace("/ci/", "/ops/", StringComparison.Ordinal)))
            .ApplyAsync(_iam, CancellationToken.None);

        var after = await _store.GetIamUserAsync("ci", CancellationToken.None);
        Assert.Equal(before!.UserId, after!.UserId);
        Assert.Equal("/ops/", after.Path);
        Assert.True(_iam.HasSecret(Assert.Single(after.AccessKeys), "another-secret"));
    }

    [Fact]
    public void Load_ManyMistakes_ListsThemAllWithoutTheSecret()
    {
        var path = Write($$"""
            { "users": [
              { "userName": "bad name", "path": "nope",
                "accessKeys": [ { "accessKeyId": "short", "secretAccessKey": "{{Secret}}", "status": "Paused" }, {"accessKeyId":"AKIA0000000000000002"}, {"accessKeyId":"AKIA0000000000000003","secretAccessKey":"x"} ],
                "policies": { "p": { "Statement": { "Effect": "Allow", "Resource": "*" } } } },
              { "userName": "dup" }, { "userName": "DUP" }
            ] }
            """);

        var error = Assert.Throws<IamSeedException>(() => IamSeedFile.Load(path));

        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Contains("'users[0].userName'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'users[0].path'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("Cannot exceed quota for AccessKeysPerUser: 2", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("'users[0].accessKeys[0].accessKeyId'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("users[0].accessKeys[0].status", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("users[0].accessKeys[1].secretAccessKey", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("Policy statement must contain actions.", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("listed twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "users": [ { "userName": 5 } ] }""")]
    public void Load_NotTheFormat_SaysWhere(string json)
    {
        var error = Assert.Throws<IamSeedException>(() => IamSeedFile.Load(Write(json)));

        Assert.Contains("not valid JSON for the seed format", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysItCannotBeRead()
    {
        var error = Assert.Throws<IamSeedException>(() => IamSeedFile.Load(Path.Combine(_directory, "absent.json")));

        Assert.Contains("cannot be read", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
