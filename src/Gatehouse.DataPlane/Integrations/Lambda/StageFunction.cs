using System.Runtime.CompilerServices;
using Gatehouse.DataPlane.Apis;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// A function named by a Lambda URI (an integration's or an authorizer's), maybe through stage variables, resolved
/// per stage. A function ARN built from stage variables is resolved once per stage object: stages are immutable and
/// replaced whole when their variables change, and the weak keys let replaced stages go.
/// </summary>
public sealed class StageFunction
{
    private readonly ConditionalWeakTable<object, LambdaFunctionUri?> _resolvedByStage = [];
    private readonly LambdaFunctionUri? _function;

    public StageFunction(LambdaFunctionUri template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
        _function = template.HasStageVariables ? null : template;
    }

    /// <summary>The function as the URI names it, maybe with stage-variable references.</summary>
    public LambdaFunctionUri Template { get; }

    /// <summary>
    /// The function to invoke on a stage: the URI's own, or its template with the stage's variables substituted. Null
    /// when the variables do not make a valid function ARN (a configuration error: AWS answers 500).
    /// </summary>
    public LambdaFunctionUri? For(CompiledStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return For(stage, stage.StageVariables);
    }

    /// <summary>The same for any immutable stage object (a REST API's stage) and its variables.</summary>
    public LambdaFunctionUri? For(object stage, IReadOnlyDictionary<string, string> stageVariables)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(stageVariables);
        if (_function is not null)
        {
            return _function;
        }

        if (_resolvedByStage.TryGetValue(stage, out var resolved))
        {
            return resolved;
        }

        var arn = LambdaFunctionUri.SubstituteStageVariables(Template.FunctionArn, stageVariables);
        if (Template.Qualifier is { } qualifier)
        {
            arn += ":" + LambdaFunctionUri.SubstituteStageVariables(qualifier, stageVariables);
        }

        resolved = LambdaFunctionUri.TryParseResolved(arn, out var function) ? function : null;
        return _resolvedByStage.GetValue(stage, _ => resolved);
    }
}
