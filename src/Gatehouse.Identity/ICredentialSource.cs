namespace Gatehouse.Identity;

/// <summary>
/// Looks an access key id up: the credential registry (IAM users' keys and the administrator's key). Called once per
/// signed request, so implementations answer from memory.
/// </summary>
public interface ICredentialSource
{
    /// <summary>The credential for <paramref name="accessKeyId"/>, or null when the key is unknown or inactive.</summary>
    AccessKeyCredential? Find(string accessKeyId);
}
