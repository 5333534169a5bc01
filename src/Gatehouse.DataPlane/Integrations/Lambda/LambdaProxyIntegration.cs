using System.Runtime.CompilerServices;
using Gatehouse.DataPlane.Apis;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// An AWS_PROXY (Lambda proxy) integration prepared once per deployment: the function to invoke (or its
/// stage-variable template), the payload format, the timeout and the parameter mappings.
/// </summary>
public sealed class LambdaProxyIntegration : CompiledIntegration
{
    // A function ARN built from stage variables is resolved once per stage object: stages are immutable and replaced
    // whole when their variables change, and the weak keys let replaced stages go.
    private readonly ConditionalWeakTable<CompiledStage, LambdaFunctionUri?> _resolvedByStage = [];
    private readonly LambdaFunctionUri? _function;

    public LambdaProxyIntegration(Integration integration)
        : base(integration)
    {
        if (!LambdaFunctionUri.TryParse(integration.IntegrationUri, out var function, out var error))
        {
            throw new InvalidOperationException(error);
        }

        Template = function;
        _function = function.HasStageVariables ? null : function;
        PayloadFormat = integration.PayloadFormatVersion switch
        {
            "1.0" => LambdaPayloadFormat.V1,
            "2.0" => LambdaPayloadFormat.V2,
            var other => throw new InvalidOperationException($"integration {integration.IntegrationId}: payload format '{other}' is not 1.0 or 2.0"),
        };
    }

    /// <summary>The function as the integration URI names it, maybe with stage-variable references.</summary>
    public LambdaFunctionUri Template { get; }

    public LambdaPayloadFormat PayloadFormat { get; }

    /// <summary>
    /// The function to invoke on a stage: the integration's own, or its template with the stage's variables
    /// substituted. Null when the variables do not make a valid function ARN (a configuration error: AWS answers 500).
    /// </summary>
    public LambdaFunctionUri? FunctionFor(CompiledStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (_function is not null)
        {
            return _function;
        }

        if (_resolvedByStage.TryGetValue(stage, out var resolved))
        {
            return resolved;
        }

        var arn = LambdaFunctionUri.SubstituteStageVariables(Template.FunctionArn, stage.StageVariables);
        if (Template.Qualifier is { } qualifier)
        {
            arn += ":" + LambdaFunctionUri.SubstituteStageVariables(qualifier, stage.StageVariables);
        }

        resolved = LambdaFunctionUri.TryParseResolved(arn, out var function) ? function : null;
        return _resolvedByStage.GetValue(stage, _ => resolved);
    }
}
