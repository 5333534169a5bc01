namespace Gatehouse.UnitTests;

/// <summary>
/// The shared reference beside the repository (<c>../shared/reference</c>): AWS's test vectors, service models and
/// recorded responses, which tests read as oracles. It is not part of the repository: in a plain clone it is absent
/// and the tests that need it skip (<see cref="ReferenceFactAttribute"/>, <see cref="ReferenceTheoryAttribute"/>).
/// </summary>
internal static class SharedReference
{
    /// <summary>The reference folder, or null when it is not beside the repository.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>The full path of a file or folder of the reference (relative, with '/'), or null when it is absent.</summary>
    public static string? PathOf(string relativePath) =>
        Folder is { } folder && Path.GetFullPath(Path.Combine(folder, relativePath)) is var path && (File.Exists(path) || Directory.Exists(path))
            ? path
            : null;

    /// <summary>Why a test that needs <paramref name="relativePath"/> skips.</summary>
    public static string AbsentMessage(string relativePath) =>
        $"needs ../shared/reference/{relativePath} beside the repository (absent in a plain clone)";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gatehouse.slnx")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference"));
                return Directory.Exists(path) ? path : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs a file or folder of the shared reference; skipped, saying which, when it is absent.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute(string relativePath)
    {
        if (SharedReference.PathOf(relativePath) is null)
        {
            Skip = SharedReference.AbsentMessage(relativePath);
        }
    }
}

/// <summary>A theory that needs a file or folder of the shared reference; skipped, saying which, when it is absent.</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute(string relativePath)
    {
        if (SharedReference.PathOf(relativePath) is null)
        {
            Skip = SharedReference.AbsentMessage(relativePath);
        }
    }
}
