using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Functions.Code;
using Gatehouse.Model.Functions;

namespace Gatehouse.UnitTests.Functions;

public sealed class CodeStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gatehouse-code-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A zip of (path, content, Unix mode or 0); a mode with the symlink type makes a link to the content.</summary>
    internal static byte[] Zip(params (string Path, string Content, int Mode)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, mode) in entries)
            {
                var entry = archive.CreateEntry(path);
                if (mode != 0)
                {
                    entry.ExternalAttributes = mode << 16;
                }

                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task SaveZip_ReadableZip_IsStoredUnderItsSha256WithLambdasDescription()
    {
        var store = new CodeStore(_root);
        var zip = Zip(("index.js", "exports.handler = async () => 1;", 0));

        var code = await store.SaveZipAsync(zip, CancellationToken.None);

        var hash = SHA256.HashData(zip);
        Assert.Equal(Convert.ToHexStringLower(hash), code.Id);
        Assert.Equal(Convert.ToBase64String(hash), code.Sha256);
        Assert.Equal(zip.Length, code.Size);
        Assert.True(store.Contains(code.Id));
        await using var stored = store.OpenZip(code);
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(zip, copy.ToArray());
        Assert.Empty(Directory.GetFiles(_root, ".tmp-*"));
    }

    [Fact]
    public async Task SaveZip_SameContentTwice_StoresOnePackage()
    {
        var store = new CodeStore(_root);
        var zip = Zip(("a.py", "x", 0));

        var first = await store.SaveZipAsync(zip, CancellationToken.None);
        var second = await store.SaveZipAsync(zip, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(_root, "*.zip"));
    }

    [Theory]
    [InlineData("not a zip at all")]
    [InlineData("PK\u0003\u0004 truncated local header")]
    public async Task SaveZip_NotAReadableZip_RefusedWithLambdasMessage(string content)
    {
        var store = new CodeStore(_root);

        var error = await Assert.ThrowsAsync<CodePackageException>(() => store.SaveZipAsync(Encoding.UTF8.GetBytes(content), CancellationToken.None));

        Assert.Equal(CodePackageProblem.Unreadable, error.Problem);
        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.", error.Message);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    public async Task SaveZip_EntryOutsideTheFolder_RefusedAsZipSlip(string path)
    {
        var store = new CodeStore(_root);

        var error = await Assert.ThrowsAsync<CodePackageException>(() => store.SaveZipAsync(Zip((path, "x", 0)), CancellationToken.None));

        Assert.Equal(CodePackageProblem.UnsafeEntry, error.Problem);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_OverTheZippedLimit_RefusedAsTooLarge()
    {
        var store = new CodeStore(_root, maxZippedSize: 100, maxUnzippedSize: 1000);

        var error = Assert.Throws<CodePackageException>(() => store.Inspect(new byte[101]));

        Assert.Equal(CodePackageProblem.TooLarge, error.Problem);
    }

    [Fact]
    public void Inspect_OverTheUnzippedLimit_RefusedWithLambdasMessage()
    {
        var store = new CodeStore(_root, maxZippedSize: 1_000_000, maxUnzippedSize: 1000);

        var error = Assert.Throws<CodePackageException>(() => store.Inspect(Zip(("big.txt", new string('x', 1001), 0))));

        Assert.Equal(CodePackageProblem.UnzippedTooLarge, error.Problem);
        Assert.Equal("Unzipped size must be smaller than 1000 bytes", error.Message);
    }

    [Fact]
    public void Limits_AreLambdas()
    {
        Assert.Equal(52_428_800, CodeStore.MaxZippedSize);
        Assert.Equal(262_144_000, CodeStore.MaxUnzippedSize);
    }

    [Fact]
    public async Task GetDirectory_UnpacksOnceAndKeepsUnixModes_SoABootstrapStaysExecutable()
    {
        var store = new CodeStore(_root);
        var code = await store.SaveZipAsync(Zip(
            ("bootstrap", "#!/bin/sh\necho hi\n", 0x8000 | 0b111_101_101),
            ("lib/data.txt", "data", 0x8000 | 0b110_100_000),
            ("plain.txt", "no mode", 0),
            ("empty/", "", 0x4000 | 0b111_101_101)), CancellationToken.None);

        var directory = store.GetDirectory(code);

        Assert.Equal(Path.Combine(_root, code.Id), directory);
        Assert.Equal("#!/bin/sh\necho hi\n", await File.ReadAllTextAsync(Path.Combine(directory, "bootstrap")));
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(directory, "lib", "data.txt")));
        Assert.True(File.Exists(Path.Combine(directory, "plain.txt")));
        Assert.True(Directory.Exists(Path.Combine(directory, "empty")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(directory, "bootstrap")));
            Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(Path.Combine(directory, "lib", "data.txt")));
        }

        var before = Directory.GetLastWriteTimeUtc(directory);
        Assert.Equal(directory, store.GetDirectory(code));
        Assert.Equal(before, Directory.GetLastWriteTimeUtc(directory));
    }

    [Fact]
    public async Task GetDirectory_SymbolicLinkInsideTheFolder_IsCreated()
    {
        var store = new CodeStore(_root);
        var code = await store.SaveZipAsync(Zip(
            ("node_modules/tool/cli.js", "console.log(1)", 0x8000 | 0b111_101_101),
            ("node_modules/.bin/tool", "../tool/cli.js", 0xA000 | 0b111_111_111)), CancellationToken.None);

        var directory = store.GetDirectory(code);

        var link = new FileInfo(Path.Combine(directory, "node_modules", ".bin", "tool"));
        Assert.Equal("../tool/cli.js", link.LinkTarget);
        Assert.Equal("console.log(1)", await File.ReadAllTextAsync(link.FullName));
    }

    [Fact]
    public async Task GetDirectory_SymbolicLinkLeavingTheFolder_IsRefused()
    {
        var store = new CodeStore(_root);
        var code = await store.SaveZipAsync(Zip(("evil", "../../../../etc/passwd", 0xA000 | 0b111_111_111)), CancellationToken.None);

        var error = Assert.Throws<CodePackageException>(() => store.GetDirectory(code));

        Assert.Equal(CodePackageProblem.UnsafeEntry, error.Problem);
        Assert.False(Directory.Exists(Path.Combine(_root, code.Id)));
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task GetDirectory_ContentLargerThanItsDirectorySays_StopsAtTheUnzippedLimit()
    {
        // The limit is checked on the bytes written, not only on the sizes the zip declares.
        var small = new CodeStore(_root, maxZippedSize: 1_000_000, maxUnzippedSize: 1000);
        var large = new CodeStore(_root);
        var code = await large.SaveZipAsync(Zip(("big.txt", new string('x', 5000), 0)), CancellationToken.None);

        var error = Assert.Throws<CodePackageException>(() => small.GetDirectory(code));

        Assert.Equal(CodePackageProblem.UnzippedTooLarge, error.Problem);
        Assert.Empty(Directory.GetDirectories(_root));
    }

    [Fact]
    public async Task GetDirectory_ManyThreadsAtOnce_UnpackOnceAndAllSeeTheWholeFolder()
    {
        var store = new CodeStore(_root);
        var code = await store.SaveZipAsync(Zip([.. Enumerable.Range(0, 50).Select(i => ($"f{i}.txt", $"content {i}", 0))]), CancellationToken.None);

        var directories = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            var directory = store.GetDirectory(code);
            return Directory.GetFiles(directory).Length;
        })));

        Assert.All(directories, count => Assert.Equal(50, count));
        Assert.Single(Directory.GetDirectories(_root));
    }

    [Fact]
    public void GetDirectory_PackageNotStored_ThrowsFileNotFound()
    {
        var store = new CodeStore(_root);

        Assert.Throws<FileNotFoundException>(() => store.GetDirectory(new FunctionCode { Id = new string('0', 64), Sha256 = "", Size = 0 }));
    }

    [Fact]
    public void GetDirectory_IdThatIsNotAHash_IsRefused()
    {
        var store = new CodeStore(_root);

        Assert.Throws<ArgumentException>(() => store.GetDirectory(new FunctionCode { Id = "../x", Sha256 = "", Size = 0 }));
    }

    [Fact]
    public async Task Sweep_RemovesUnreferencedPackagesAndLeftovers_KeepsReferencedOnes()
    {
        var store = new CodeStore(_root);
        var kept = await store.SaveZipAsync(Zip(("keep.txt", "k", 0)), CancellationToken.None);
        var dropped = await store.SaveZipAsync(Zip(("drop.txt", "d", 0)), CancellationToken.None);
        store.GetDirectory(kept);
        store.GetDirectory(dropped);
        await File.WriteAllTextAsync(Path.Combine(_root, ".tmp-interrupted.zip"), "partial");
        Directory.CreateDirectory(Path.Combine(_root, ".tmp-interrupted"));

        var removed = store.Sweep(new HashSet<string> { kept.Id });

        Assert.Equal(4, removed);
        Assert.True(store.Contains(kept.Id));
        Assert.True(Directory.Exists(Path.Combine(_root, kept.Id)));
        Assert.False(store.Contains(dropped.Id));
        Assert.False(Directory.Exists(Path.Combine(_root, dropped.Id)));
        Assert.Equal(2, Directory.GetFileSystemEntries(_root).Length);
    }

    [Fact]
    public void InDataDirectory_UsesFunctionsCode()
    {
        var store = CodeStore.InDataDirectory(_root);

        Assert.Equal(Path.Combine(_root, "functions", "code"), store.Root);
        Assert.True(Directory.Exists(store.Root));
    }
}
