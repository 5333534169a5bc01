using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Gatehouse.Model.Functions;

namespace Gatehouse.Functions.Code;

/// <summary>
/// Function code packages, content-addressed: <c>{root}/{sha256}.zip</c>, unpacked once into <c>{root}/{sha256}/</c>.
/// A zip is written and flushed to disk before the store commits the function that names it; a package no function
/// names any more is removed by <see cref="Sweep"/> at start. Thread-safe.
/// </summary>
public sealed class CodeStore
{
    /// <summary>Lambda's limit for a zip uploaded directly (ZipFile): 50 MB.</summary>
    public const long MaxZippedSize = 50L * 1024 * 1024;

    /// <summary>Lambda's limit for a function's unzipped code: 250 MB.</summary>
    public const long MaxUnzippedSize = 250L * 1024 * 1024;

    private const string TemporaryPrefix = ".tmp-";
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF; // rwxrwxrwx; setuid, setgid and sticky are dropped
    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixSymbolicLink = 0xA000;

    private readonly ConcurrentDictionary<string, object> _unpacking = new(StringComparer.Ordinal);
    private readonly long _maxZippedSize;
    private readonly long _maxUnzippedSize;

    public CodeStore(string root)
        : this(root, MaxZippedSize, MaxUnzippedSize)
    {
    }

    internal CodeStore(string root, long maxZippedSize, long maxUnzippedSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        _maxZippedSize = maxZippedSize;
        _maxUnzippedSize = maxUnzippedSize;
    }

    /// <summary>The folder that holds the packages.</summary>
    public string Root { get; }

    /// <summary>The code store of a data directory: <c>{dataDirectory}/functions/code</c>.</summary>
    public static CodeStore InDataDirectory(string dataDirectory) => new(Path.Combine(dataDirectory, "functions", "code"));

    /// <summary>
    /// Checks that <paramref name="zip"/> is a zip Lambda would accept (readable, within the size limits, no entry
    /// outside its folder) and describes it, without storing it (UpdateFunctionCode's DryRun).
    /// </summary>
    public FunctionCode Inspect(ReadOnlyMemory<byte> zip)
    {
        if (zip.Length > _maxZippedSize)
        {
            throw new CodePackageException(CodePackageProblem.TooLarge,
                $"Zipped size must be smaller than {_maxZippedSize} bytes");
        }

        try
        {
            using var archive = new ZipArchive(AsStream(zip), ZipArchiveMode.Read);
            long unzipped = 0;
            foreach (var entry in archive.Entries)
            {
                _ = SafeRelativePath(entry.FullName);
                unzipped += entry.Length;
            }

            if (unzipped > _maxUnzippedSize)
            {
                throw UnzippedTooLarge();
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException or IOException)
        {
            throw Unreadable(e);
        }

        var hash = SHA256.HashData(zip.Span);
        return new FunctionCode
        {
            Id = Convert.ToHexStringLower(hash),
            Sha256 = Convert.ToBase64String(hash),
            Size = zip.Length,
        };
    }

    /// <summary>
    /// Stores a deployment package and returns its description. Refuses a package Lambda would refuse
    /// (<see cref="CodePackageException"/>). The zip is on disk, flushed, before this returns.
    /// </summary>
    public async Task<FunctionCode> SaveZipAsync(ReadOnlyMemory<byte> zip, CancellationToken cancellationToken)
    {
        var code = Inspect(zip);
        var path = ZipPath(code.Id);
        if (File.Exists(path))
        {
            return code;
        }

        var temporary = Path.Combine(Root, TemporaryPrefix + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await file.WriteAsync(zip, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            // Same content, same name: a concurrent save of the same package replaces it with identical bytes.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return code;
    }

    /// <summary>
    /// The folder holding the package's unpacked files, unpacking it on first use (into a temporary folder renamed into
    /// place, so a reader never sees a half-unpacked folder). Unix file modes stored in the zip are kept, so a
    /// <c>bootstrap</c> that was executable stays executable. Throws <see cref="CodePackageException"/> for a package
    /// that cannot be unpacked, and <see cref="FileNotFoundException"/> when the package is not stored.
    /// </summary>
    public string GetDirectory(FunctionCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var target = Path.Combine(Root, CheckedId(code.Id));
        if (Directory.Exists(target))
        {
            return target;
        }

        lock (_unpacking.GetOrAdd(code.Id, _ => new object()))
        {
            if (Directory.Exists(target))
            {
                return target;
            }

            var temporary = Path.Combine(Root, TemporaryPrefix + Guid.NewGuid().ToString("N"));
            try
            {
                using (var zip = OpenZip(code))
                {
                    Unpack(zip, temporary);
                }

                Directory.Move(temporary, target);
            }
            finally
            {
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, recursive: true);
                }
            }

            return target;
        }
    }

    /// <summary>Opens the stored zip for reading (GetFunction's code download).</summary>
    public Stream OpenZip(FunctionCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new FileStream(ZipPath(code.Id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
    }

    /// <summary>Whether a package with this id is stored.</summary>
    public bool Contains(string id) => IsId(id) && File.Exists(ZipPath(id));

    /// <summary>
    /// Removes every package (zip and unpacked folder) whose id is not in <paramref name="referenced"/>, and leftovers of
    /// interrupted writes. Run at start, before any write: a package saved for a write that is not committed yet would
    /// look unreferenced. Returns how many entries were removed.
    /// </summary>
    public int Sweep(IReadOnlySet<string> referenced)
    {
        ArgumentNullException.ThrowIfNull(referenced);
        var removed = 0;
        foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos())
        {
            var id = entry is FileInfo ? Path.GetFileNameWithoutExtension(entry.Name) : entry.Name;
            var keep = !entry.Name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && IsId(id) && referenced.Contains(id) &&
                (entry is DirectoryInfo || entry.Extension == ".zip");
            if (keep)
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }

            removed++;
        }

        return removed;
    }

    private void Unpack(Stream zip, string destination)
    {
        Directory.CreateDirectory(destination);
        long written = 0;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                var relative = SafeRelativePath(entry.FullName);
                if (relative.Length == 0)
                {
                    continue;
                }

                var path = Path.Combine(destination, relative);
                var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
                if (entry.FullName.EndsWith('/') || (unixMode & UnixTypeMask) == UnixDirectory)
                {
                    Directory.CreateDirectory(path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if ((unixMode & UnixTypeMask) == UnixSymbolicLink)
                {
                    CreateLink(entry, destination, path);
                    continue;
                }

                using (var source = entry.Open())
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = source.Read(buffer)) > 0)
                    {
                        // The sizes in the zip's directory can lie: count what is really written.
                        written += read;
                        if (written > _maxUnzippedSize)
                        {
                            throw UnzippedTooLarge();
                        }

                        file.Write(buffer, 0, read);
                    }
                }

                if ((unixMode & (int)PermissionBits) != 0 && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, (UnixFileMode)unixMode & PermissionBits);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw Unreadable(e);
        }
    }

    private static void CreateLink(ZipArchiveEntry entry, string root, string path)
    {
        string target;
        using (var reader = new StreamReader(entry.Open()))
        {
            target = reader.ReadToEnd();
        }

        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
        if (Path.IsPathRooted(target) || !IsInside(root, resolved))
        {
            throw new CodePackageException(CodePackageProblem.UnsafeEntry,
                $"The deployment package has a symbolic link that points outside the function's folder: {entry.FullName} -> {target}");
        }

        File.CreateSymbolicLink(path, target);
    }

    /// <summary>The entry's path below the function's folder; refuses absolute paths and '..' (zip slip).</summary>
    private static string SafeRelativePath(string name)
    {
        var normalized = name.Replace('\\', '/');
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (normalized.StartsWith('/') || (segments.Length > 0 && segments[0].EndsWith(':')) || segments.Any(s => s == ".."))
        {
            throw new CodePackageException(CodePackageProblem.UnsafeEntry,
                $"The deployment package has an entry whose path leaves the function's folder: {name}");
        }

        return string.Join(Path.DirectorySeparatorChar, segments.Where(s => s != "."));
    }

    private static bool IsInside(string root, string path)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static Stream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private string ZipPath(string id) => Path.Combine(Root, CheckedId(id) + ".zip");

    private static string CheckedId(string id) =>
        IsId(id) ? id : throw new ArgumentException($"'{id}' is not a code package id (64 lowercase hex digits)", nameof(id));

    private static bool IsId(string id) => id.Length == 64 && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private CodePackageException UnzippedTooLarge() =>
        new(CodePackageProblem.UnzippedTooLarge, $"Unzipped size must be smaller than {_maxUnzippedSize} bytes");

    private static CodePackageException Unreadable(Exception inner) =>
        inner as CodePackageException ?? new CodePackageException(CodePackageProblem.Unreadable,
            "Could not unzip uploaded file. Please check your file, then try to upload again.", inner);
}
