using System.Text;

namespace Gatehouse.Functions.Workers;

/// <summary>
/// A worker's stdout and stderr, which the process writes to a file of its own. A file rather than a pipe because the
/// runtime's writes are complete before it posts its response: reading the file then gives exactly the invocation's
/// output, with nothing still in flight.
/// </summary>
internal sealed class WorkerOutput : IDisposable
{
    private const int TruncateAbove = 1024 * 1024;
    private readonly Lock _gate = new();
    private readonly FileStream _reader;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _bytes = new byte[16 * 1024];
    private readonly char[] _chars = new char[16 * 1024 + 4];

    public WorkerOutput(string path)
    {
        Path = path;
        File.WriteAllBytes(path, []);
        _reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
    }

    public string Path { get; }

    /// <summary>Everything written since the last call ("" when nothing was).</summary>
    public string Drain()
    {
        lock (_gate)
        {
            StringBuilder? text = null;
            int read;
            while ((read = _reader.Read(_bytes, 0, _bytes.Length)) > 0)
            {
                var count = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: false);
                (text ??= new StringBuilder()).Append(_chars, 0, count);
            }

            if (_reader.Position > TruncateAbove)
            {
                // The writer appends (O_APPEND), so emptying the file once it has been read loses nothing.
                using var writer = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                writer.SetLength(0);
                _reader.Position = 0;
            }

            return text?.ToString() ?? "";
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
