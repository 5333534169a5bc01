using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Identity.Secrets;

/// <summary>
/// Encrypts secret access keys at rest with AES-256-GCM. The key is 32 random bytes in a file of its own (mode 0600),
/// created on first start; each secret is sealed as base64(nonce ‖ ciphertext ‖ tag) with a fresh 96-bit nonce and
/// bound to its access key id (associated data), so a sealed secret copied onto another key does not open.
/// </summary>
public sealed class SecretCipher : IDisposable
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly AesGcm _aes;

    public SecretCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The secrets key must be {KeySize} bytes.", nameof(key));
        }

        _aes = new AesGcm(key, TagSize);
    }

    /// <summary>The key file's conventional place: <c>{data-dir}/keys/secrets.key</c>.</summary>
    public static string DefaultKeyFile(string dataDirectory) => Path.Combine(dataDirectory, "keys", "secrets.key");

    /// <summary>
    /// Reads the key file, or creates it with a new random key (directory 0700, file 0600) when there is none. Two
    /// processes racing to create it end up with the same key: the file appears whole, by rename, or not at all.
    /// </summary>
    public static SecretCipher LoadOrCreate(string keyFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        if (!File.Exists(keyFile))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(keyFile))!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var temporary = keyFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var key = RandomNumberGenerator.GetBytes(KeySize);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(temporary, options))
                {
                    stream.Write(key);
                }

                try
                {
                    File.Move(temporary, keyFile, overwrite: false);
                }
                catch (IOException) when (File.Exists(keyFile))
                {
                    // Another process created it first: use theirs.
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
                File.Delete(temporary);
            }
        }

        var bytes = File.ReadAllBytes(keyFile);
        try
        {
            if (bytes.Length != KeySize)
            {
                throw new InvalidOperationException(
                    $"The secrets key file {keyFile} holds {bytes.Length} bytes instead of {KeySize}: it is damaged or not Gatehouse's. " +
                    "Restore it from a backup; without it the stored secret access keys cannot be read.");
            }

            return new SecretCipher(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Seals <paramref name="secret"/>, bound to <paramref name="associatedData"/> (the access key id).</summary>
    public string Encrypt(string secret, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(associatedData);
        var plaintext = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(plaintext);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>
    /// Opens a sealed secret; false when it was altered, belongs to another key id, or was sealed with another key.
    /// </summary>
    public bool TryDecrypt(string sealedSecret, string associatedData, out string secret)
    {
        ArgumentNullException.ThrowIfNull(sealedSecret);
        ArgumentNullException.ThrowIfNull(associatedData);
        secret = "";
        var buffer = new byte[sealedSecret.Length];
        if (!Convert.TryFromBase64String(sealedSecret, buffer, out var length) || length < NonceSize + TagSize)
        {
            return false;
        }

        var sealedBytes = buffer.AsSpan(0, length);
        var plaintext = new byte[length - NonceSize - TagSize];
        try
        {
            _aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[NonceSize..^TagSize], sealedBytes[^TagSize..], plaintext, Encoding.UTF8.GetBytes(associatedData));
            secret = Encoding.UTF8.GetString(plaintext);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public void Dispose() => _aes.Dispose();

    public override string ToString() => "SecretCipher";
}
