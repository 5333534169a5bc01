namespace Gatehouse.Templates;

/// <summary>Why a render failed. API Gateway answers every one with 500 <c>{"message": "Internal server error"}</c>.</summary>
public enum RenderErrorKind
{
    /// <summary>A method failed as its Java counterpart would throw (an index out of range, a bad regular expression,
    /// text that is not JSON, base64 or URL encoding).</summary>
    EvaluationError,

    /// <summary><c>$input.path</c> or <c>$input.json</c> on a body that is not JSON.</summary>
    InvalidJsonBody,

    /// <summary>The output, or a string or list the template built, passed its limit.</summary>
    OutputTooLarge,

    /// <summary>A <c>#foreach</c> passed <see cref="TemplateLimits.MaxLoopIterations"/>.</summary>
    LoopLimitExceeded,

    /// <summary>The render took more than <see cref="TemplateLimits.MaxSteps"/> steps.</summary>
    StepLimitExceeded,

    /// <summary><c>#define</c> blocks or macros recursed past <see cref="TemplateLimits.MaxCallDepth"/>, or a value
    /// nests too deeply to print.</summary>
    DepthExceeded,
}
