using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Store.State;

/// <summary>
/// Where Lambda authorizers cache their results in the <see cref="IStateStore"/>. Identity values (tokens, headers)
/// are hashed, so that they never sit in a shared store's keys. A REST API's results are under its API and stage first,
/// so that FlushStageAuthorizersCache removes a stage's results by prefix, on every node.
/// </summary>
public static class AuthorizerCacheKeys
{
    private const char Separator = '\u001f';

    /// <summary>The prefix of every cached result of a REST API stage's authorizers.</summary>
    public static string RestStage(string apiId, string stageName) => $"rest-authorizer{Separator}{apiId}{Separator}{stageName}{Separator}";

    /// <summary>
    /// One identity's result on a REST API stage: stages of one deployment may name different functions through stage
    /// variables, and a new deployment may change the authorizer, so both are in the key.
    /// </summary>
    public static string Rest(string apiId, string stageName, string authorizerId, string deploymentId, IEnumerable<string> identityValues) =>
        RestStage(apiId, stageName) + authorizerId + Separator + deploymentId + Separator + Hash(identityValues);

    /// <summary>One identity's result for an HTTP API's authorizer, in one deployment.</summary>
    public static string Http(string apiId, string authorizerId, string deploymentId, IEnumerable<string> identityValues) =>
        $"lambda-authorizer{Separator}{apiId}{Separator}{authorizerId}{Separator}{deploymentId}{Separator}" + Hash(identityValues);

    private static string Hash(IEnumerable<string> identityValues) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(Separator, identityValues))));
}
