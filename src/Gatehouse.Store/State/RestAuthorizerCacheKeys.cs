using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Store.State;

/// <summary>
/// Where REST Lambda authorizers cache their results in the <see cref="IStateStore"/>: under the API and the stage first,
/// so that FlushStageAuthorizersCache removes a stage's results by prefix, on every node. Identity values are hashed,
/// so tokens never sit in a shared store's keys.
/// </summary>
public static class RestAuthorizerCacheKeys
{
    private const char Separator = '\u001f';

    /// <summary>The prefix of every cached result of a stage's authorizers.</summary>
    public static string Stage(string apiId, string stageName) => $"rest-authorizer{Separator}{apiId}{Separator}{stageName}{Separator}";

    /// <summary>
    /// The key of one identity's result: stages of one deployment may name different functions through stage
    /// variables, and a new deployment may change the authorizer, so both are in the key.
    /// </summary>
    public static string Result(string apiId, string stageName, string authorizerId, string deploymentId, IEnumerable<string> identityValues) =>
        Stage(apiId, stageName) + authorizerId + Separator + deploymentId + Separator +
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(Separator, identityValues))));
}
