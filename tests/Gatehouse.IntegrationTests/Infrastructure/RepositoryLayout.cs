namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>Where things are, found from the test assembly: the repository root, the server build, the shared reference.</summary>
internal static class RepositoryLayout
{
    private static readonly string[] Configurations = ["Debug", "Release"];

    /// <summary>The folder that holds Gatehouse.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The build configuration of the test assembly itself (…/bin/Release/net10.0/ → Release), so that the tests drive
    /// the server built alongside them.
    /// </summary>
    public static string? TestConfiguration
    {
        get
        {
            var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var bin = Array.LastIndexOf(parts, "bin");
            return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : null;
        }
    }

    /// <summary>
    /// gatehouse.dll: <c>GATEHOUSE_DLL</c> if set, else the build of the test assembly's configuration, else whichever
    /// configuration has been built.
    /// </summary>
    public static string ServerAssembly
    {
        get
        {
            if (Environment.GetEnvironmentVariable("GATEHOUSE_DLL") is { Length: > 0 } overridden)
            {
                return File.Exists(overridden)
                    ? overridden
                    : throw new FileNotFoundException($"GATEHOUSE_DLL points at {overridden}, which does not exist");
            }

            var candidates = new[] { TestConfiguration }.Concat(Configurations).OfType<string>().Distinct()
                .Select(c => Path.Combine(Root, "src", "Gatehouse", "bin", c, "net10.0", "gatehouse.dll"))
                .ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("The Gatehouse server is not built; run `dotnet build` first. Looked for: " + string.Join(", ", candidates));
        }
    }

    /// <summary>The shared reference material (botocore models, AWS docs) beside the repository, or null in a plain clone.</summary>
    public static string? SharedReference =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference")) is var path && Directory.Exists(path) ? path : null;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gatehouse.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Gatehouse.slnx above {AppContext.BaseDirectory}");
    }
}
