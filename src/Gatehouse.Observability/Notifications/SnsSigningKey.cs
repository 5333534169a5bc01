using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// The RSA key that signs SNS messages, generated once and kept under the data directory (<c>sns/signing-key.pem</c>,
/// owner-only), and its self-signed certificate (<c>sns/signing-cert.pem</c>), which Gatehouse serves at each message's
/// <c>SigningCertURL</c> (<c>/SimpleNotificationService-{hash}.pem</c>, the file name SNS uses) so that a subscriber can
/// verify what it receives.
/// </summary>
public sealed class SnsSigningKey : IDisposable
{
    private const string CertificatePrefix = "SimpleNotificationService-";
    private readonly RSA _key;

    private SnsSigningKey(RSA key, string certificatePem)
    {
        _key = key;
        CertificatePem = certificatePem;
        var der = X509Certificate2.CreateFromPem(certificatePem).RawData;
        CertificateFileName = CertificatePrefix + Convert.ToHexStringLower(SHA256.HashData(der))[..32] + ".pem";
    }

    /// <summary>The certificate, PEM-encoded, as served.</summary>
    public string CertificatePem { get; }

    /// <summary><c>SimpleNotificationService-{32 hex}.pem</c>: the last segment of the SigningCertURL.</summary>
    public string CertificateFileName { get; }

    /// <summary>Whether <paramref name="path"/> (a request path) looks like a signing certificate's.</summary>
    public static bool IsCertificatePath(string? path) =>
        path is not null && path.StartsWith("/" + CertificatePrefix, StringComparison.Ordinal) && path.EndsWith(".pem", StringComparison.Ordinal);

    /// <summary>Loads the key and certificate from <c>{dataDirectory}/sns/</c>, creating them the first time.</summary>
    public static SnsSigningKey LoadOrCreate(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "sns");
        Directory.CreateDirectory(directory);
        var keyFile = Path.Combine(directory, "signing-key.pem");
        var certificateFile = Path.Combine(directory, "signing-cert.pem");
        // Two nodes on one data directory may start together: whichever writes a file first wins, both read it back.
        if (!File.Exists(keyFile))
        {
            using var created = RSA.Create(2048);
            WriteOnce(keyFile, created.ExportPkcs8PrivateKeyPem(), world: false);
        }

        var key = RSA.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyFile));
            var certificate = File.Exists(certificateFile) ? X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile)) : null;
            if (certificate is null || !SameKey(certificate, key))
            {
                certificate?.Dispose();
                File.Delete(certificateFile);
                WriteOnce(certificateFile, CreateCertificatePem(key), world: true);
            }
            else
            {
                certificate.Dispose();
            }

            return new SnsSigningKey(key, File.ReadAllText(certificateFile));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static bool SameKey(X509Certificate2 certificate, RSA key)
    {
        using var publicKey = certificate.GetRSAPublicKey();
        return publicKey is not null && publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// The message's signature, Base64: SHA1withRSA for SignatureVersion 1, SHA256withRSA for 2, over
    /// <paramref name="canonicalString"/> in UTF-8.
    /// </summary>
    public string Sign(string canonicalString, int signatureVersion)
    {
        ArgumentNullException.ThrowIfNull(canonicalString);
        // SHA-1 is what SignatureVersion 1 means; subscribers verify with it.
#pragma warning disable CA5350
        var hash = signatureVersion == 2 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
#pragma warning restore CA5350
        return Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(canonicalString), hash, RSASignaturePadding.Pkcs1));
    }

    public void Dispose() => _key.Dispose();

    private static string CreateCertificatePem(RSA key)
    {
        var request = new CertificateRequest("CN=sns.gatehouse.local, O=Gatehouse", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        return certificate.ExportCertificatePem() + "\n";
    }

    private static void WriteOnce(string path, string text, bool world)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (world ? UnixFileMode.GroupRead | UnixFileMode.OtherRead : 0);
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
