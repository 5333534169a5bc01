namespace Gatehouse.Templates;

/// <summary>The outcome of a render: the output, or the error that ended it.</summary>
public readonly record struct RenderResult(string? Output, RenderError? Error)
{
    public bool Succeeded => Error is null;

    public static RenderResult Success(string output) => new(output, null);

    public static RenderResult Failure(RenderError error) => new(null, error);
}

/// <summary>Why a render failed, and where in the template (1-based line and column).</summary>
public sealed record RenderError(RenderErrorKind Kind, string Message, int Line, int Column)
{
    /// <summary>The status API Gateway answers a failing mapping template with.</summary>
    public int StatusCode => 500;

    /// <summary>The body API Gateway answers a failing mapping template with.</summary>
    public string Body => """{"message": "Internal server error"}""";

    public override string ToString() => $"{Kind} at line {Line}, column {Column}: {Message}";
}
