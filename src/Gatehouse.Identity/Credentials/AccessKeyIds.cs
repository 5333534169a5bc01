using System.Security.Cryptography;

namespace Gatehouse.Identity.Credentials;

/// <summary>New identifiers and secrets shaped as IAM's: <c>AKIA…</c> key ids, 40-character secrets, <c>AIDA…</c> user ids.</summary>
public static class AccessKeyIds
{
    private const string UpperAlphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string SecretCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary><c>AKIA</c> and 16 upper-case letters or digits (20 characters).</summary>
    public static string NewAccessKeyId() => "AKIA" + new string(RandomNumberGenerator.GetItems<char>(UpperAlphanumerics, 16));

    /// <summary>40 characters of the base64 alphabet, as IAM's secrets look.</summary>
    public static string NewSecretAccessKey() => new(RandomNumberGenerator.GetItems<char>(SecretCharacters, 40));

    /// <summary><c>AIDA</c> and 17 upper-case letters or digits (21 characters), an IAM user's unique id.</summary>
    public static string NewUserId() => "AIDA" + new string(RandomNumberGenerator.GetItems<char>(UpperAlphanumerics, 17));
}
