using Gatehouse.Observability.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.UnitTests.Observability;

/// <summary>A <c>cloudwatch.db</c> in a temporary directory, deleted with the test.</summary>
public sealed class TempCloudWatchDatabase : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("gatehouse-cw-").FullName;

    /// <summary>A new handle on the same file, as a restarted Gatehouse would open it.</summary>
    public CloudWatchDatabase Open() => CloudWatchDatabase.InDirectory(Directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
