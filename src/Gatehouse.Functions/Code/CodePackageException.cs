namespace Gatehouse.Functions.Code;

/// <summary>What is wrong with an uploaded deployment package; the control plane answers with Lambda's error for it.</summary>
public enum CodePackageProblem
{
    /// <summary>Not a zip file that can be read.</summary>
    Unreadable,

    /// <summary>Over Lambda's 50 MB limit for a zip uploaded directly.</summary>
    TooLarge,

    /// <summary>Over Lambda's 250 MB limit for the unzipped contents.</summary>
    UnzippedTooLarge,

    /// <summary>An entry whose path or link target would land outside the function's folder (zip slip).</summary>
    UnsafeEntry,
}

/// <summary>A deployment package that Gatehouse refuses to store or unpack.</summary>
public sealed class CodePackageException(CodePackageProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public CodePackageProblem Problem { get; } = problem;
}
