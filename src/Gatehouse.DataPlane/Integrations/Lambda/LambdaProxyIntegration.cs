using Gatehouse.DataPlane.Apis;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// An AWS_PROXY (Lambda proxy) integration prepared once per deployment: the function to invoke (or its
/// stage-variable template), the payload format, the timeout and the parameter mappings.
/// </summary>
public sealed class LambdaProxyIntegration : CompiledIntegration
{
    private readonly StageFunction _function;

    public LambdaProxyIntegration(Integration integration)
        : base(integration)
    {
        if (!LambdaFunctionUri.TryParse(integration.IntegrationUri, out var function, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _function = new StageFunction(function);
        PayloadFormat = integration.PayloadFormatVersion switch
        {
            "1.0" => LambdaPayloadFormat.V1,
            "2.0" => LambdaPayloadFormat.V2,
            var other => throw new InvalidOperationException($"integration {integration.IntegrationId}: payload format '{other}' is not 1.0 or 2.0"),
        };
    }

    /// <summary>The function as the integration URI names it, maybe with stage-variable references.</summary>
    public LambdaFunctionUri Template => _function.Template;

    public LambdaPayloadFormat PayloadFormat { get; }

    /// <summary>
    /// The function to invoke on a stage: the integration's own, or its template with the stage's variables
    /// substituted. Null when the variables do not make a valid function ARN (a configuration error: AWS answers 500).
    /// </summary>
    public LambdaFunctionUri? FunctionFor(CompiledStage stage) => _function.For(stage);
}
