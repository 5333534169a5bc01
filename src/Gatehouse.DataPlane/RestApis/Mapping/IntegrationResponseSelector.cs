using Gatehouse.Model.RestApis;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// Chooses the integration response for what the backend answered: the first whose <c>selectionPattern</c> matches
/// the whole selection value, else the default (no or an empty pattern), else none, which API Gateway answers as a
/// configuration error (500 <c>Internal server error</c>: handle-errors-in-lambda-integration, "throws an invalid
/// configuration exception if no default response is configured"; supported-gateway-response-types,
/// API_CONFIGURATION_ERROR).
/// </summary>
public sealed class IntegrationResponseSelector
{
    private readonly (SelectionPattern Pattern, CompiledIntegrationResponse Response)[] _patterns;
    private readonly CompiledIntegrationResponse? _default;

    private IntegrationResponseSelector((SelectionPattern, CompiledIntegrationResponse)[] patterns, CompiledIntegrationResponse? fallback)
    {
        _patterns = patterns;
        _default = fallback;
    }

    public static IntegrationResponseSelector Compile(IReadOnlyDictionary<string, IntegrationResponse>? responses)
    {
        var patterns = new List<(SelectionPattern, CompiledIntegrationResponse)>();
        CompiledIntegrationResponse? fallback = null;
        foreach (var response in responses?.Values ?? [])
        {
            var compiled = CompiledIntegrationResponse.Compile(response);
            if (string.IsNullOrEmpty(response.SelectionPattern))
            {
                fallback ??= compiled;
            }
            else
            {
                patterns.Add((SelectionPattern.Compile(response.SelectionPattern), compiled));
            }
        }

        return new IntegrationResponseSelector([.. patterns], fallback);
    }

    /// <summary>The integration response for <paramref name="selectionValue"/>, or null when none applies.</summary>
    public CompiledIntegrationResponse? Select(string selectionValue)
    {
        ArgumentNullException.ThrowIfNull(selectionValue);
        foreach (var (pattern, response) in _patterns)
        {
            if (pattern.Matches(selectionValue))
            {
                return response;
            }
        }

        return _default;
    }
}
