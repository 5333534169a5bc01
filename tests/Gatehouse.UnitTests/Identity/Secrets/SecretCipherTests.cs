using System.Security.Cryptography;
using System.Text;
using Gatehouse.Identity.Secrets;

namespace Gatehouse.UnitTests.Identity.Secrets;

public sealed class SecretCipherTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-cipher-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string KeyFile => SecretCipher.DefaultKeyFile(_directory);

    [Fact]
    public void Encrypt_ThenDecrypt_RoundTripsWithoutTheSecretInClear()
    {
        using var cipher = SecretCipher.LoadOrCreate(KeyFile);

        var sealedSecret = cipher.Encrypt(Secret, "AKIAEXAMPLE");

        Assert.DoesNotContain(Secret, sealedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(Convert.FromBase64String(sealedSecret)), StringComparison.Ordinal);
        Assert.True(cipher.TryDecrypt(sealedSecret, "AKIAEXAMPLE", out var opened));
        Assert.Equal(Secret, opened);
    }

    [Fact]
    public void Encrypt_SameSecretTwice_UsesFreshNonces()
    {
        using var cipher = SecretCipher.LoadOrCreate(KeyFile);

        Assert.NotEqual(cipher.Encrypt(Secret, "A"), cipher.Encrypt(Secret, "A"));
    }

    [Fact]
    public void TryDecrypt_TamperedByte_Fails()
    {
        using var cipher = SecretCipher.LoadOrCreate(KeyFile);
        var bytes = Convert.FromBase64String(cipher.Encrypt(Secret, "AKIAEXAMPLE"));

        for (var i = 0; i < bytes.Length; i += 7)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.False(cipher.TryDecrypt(Convert.ToBase64String(tampered), "AKIAEXAMPLE", out var opened));
            Assert.Equal("", opened);
        }
    }

    [Fact]
    public void TryDecrypt_OtherKeyIdOrGarbage_Fails()
    {
        using var cipher = SecretCipher.LoadOrCreate(KeyFile);
        var sealedSecret = cipher.Encrypt(Secret, "AKIAONE");

        Assert.False(cipher.TryDecrypt(sealedSecret, "AKIATWO", out _));
        Assert.False(cipher.TryDecrypt("not base64!", "AKIAONE", out _));
        Assert.False(cipher.TryDecrypt(Convert.ToBase64String(new byte[10]), "AKIAONE", out _));
    }

    [Fact]
    public void LoadOrCreate_SecondTime_ReadsTheSameKey()
    {
        string sealedSecret;
        using (var first = SecretCipher.LoadOrCreate(KeyFile))
        {
            sealedSecret = first.Encrypt(Secret, "K");
        }

        using var second = SecretCipher.LoadOrCreate(KeyFile);
        Assert.True(second.TryDecrypt(sealedSecret, "K", out var opened));
        Assert.Equal(Secret, opened);
    }

    [Fact]
    public void LoadOrCreate_OtherKeyFile_CannotOpen()
    {
        using var first = SecretCipher.LoadOrCreate(KeyFile);
        using var other = SecretCipher.LoadOrCreate(Path.Combine(_directory, "other.key"));

        Assert.False(other.TryDecrypt(first.Encrypt(Secret, "K"), "K", out _));
    }

    [Fact]
    public void LoadOrCreate_NewFile_IsOwnerOnlyAnd32Bytes()
    {
        using var cipher = SecretCipher.LoadOrCreate(KeyFile);

        Assert.Equal(32, new FileInfo(KeyFile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyFile)!));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(KeyFile)!, "*.tmp"));
    }

    [Fact]
    public void LoadOrCreate_DamagedKeyFile_FailsClearly()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        File.WriteAllBytes(KeyFile, RandomNumberGenerator.GetBytes(16));

        var error = Assert.Throws<InvalidOperationException>(() => SecretCipher.LoadOrCreate(KeyFile));
        Assert.Contains("16 bytes instead of 32", error.Message, StringComparison.Ordinal);
    }
}
