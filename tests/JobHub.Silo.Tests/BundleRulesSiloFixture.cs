using System.Globalization;
using JobHub.Testing;

namespace JobHub.Silo.Tests;

/// <summary>
/// A real silo process whose code bundle limit is 64 KiB, with its data folder in view, so a test can see that a
/// refused upload left nothing behind: no blob (<c>blobs/</c>), no scratch copy (<c>jobs/.bundle-uploads/</c>).
/// </summary>
public sealed class BundleRulesSiloFixture : IAsyncLifetime
{
    public const int LimitBytes = 64 * 1024;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("jobhub-bundle-rules-").FullName;

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>Every file under the blob store's folder and every scratch upload left, relative to the data folder.</summary>
    public IReadOnlyList<string> StoredFiles()
    {
        var blobs = Path.Combine(DataDirectory, "blobs");
        var scratch = Path.Combine(DataDirectory, "jobs", ".bundle-uploads");
        return
        [
            .. Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories) : [],
            .. Directory.Exists(scratch) ? Directory.EnumerateFileSystemEntries(scratch, "*", SearchOption.AllDirectories) : [],
        ];
    }

    public async Task InitializeAsync() =>
        Silo = await SiloProcess.StartAsync(DataDirectory, "--JobHub:Agent:CodeBundleLimitBytes", LimitBytes.ToString(CultureInfo.InvariantCulture));

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
