using System.Net;
using System.Security.Cryptography;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Datasets;

namespace JobHub.Client.Tests;

/// <summary>The SDK's and the CLI's datasets against a real silo process.</summary>
public sealed class JobHubClientDatasetTests(DatasetSiloFixture fixture) : IClassFixture<DatasetSiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-dataset-files-").FullName;

    [Fact]
    public async Task Sdk_UploadsWithProgress_DownloadsListsChangesVisibilityAndDeletes()
    {
        var path = WriteFile("measurements.csv", 5 << 20, seed: 1);
        var reports = new List<DatasetTransferProgress>();
        var stored = await fixture.Client.UploadDatasetAsync(path, visibility: DatasetVisibility.Public, progress: new SyncProgress(reports));
        Assert.Equal("measurements.csv", stored.Name);
        Assert.Equal("dora", stored.Owner);
        Assert.Equal(5 << 20, stored.SizeBytes);
        Assert.Equal(Sha256(path), stored.Sha256);
        Assert.Equal(DatasetVisibility.Public, stored.Visibility);
        Assert.Equal(new DatasetTransferProgress(5 << 20, 5 << 20), reports[^1]);

        var copy = Path.Combine(_folder, "copy.csv");
        var downloaded = await fixture.Client.DownloadDatasetAsync("dora", "measurements.csv", copy);
        Assert.Equal(stored.Sha256, downloaded.Sha256);
        Assert.Equal(await File.ReadAllBytesAsync(path), await File.ReadAllBytesAsync(copy));

        var page = await fixture.Client.ListDatasetsAsync();
        Assert.Contains(page.Datasets, d => d.Name == "measurements.csv");
        Assert.Equal(5 << 20, (await fixture.Client.GetDatasetUsageAsync()).UsedBytes);

        await fixture.Client.CreateProjectAsync("sdk-lab");
        var shared = await fixture.Client.ShareDatasetWithProjectAsync("dora", "measurements.csv", "sdk-lab");
        Assert.Equal((DatasetVisibility.Project, "sdk-lab"), (shared.Visibility, shared.Project));
        Assert.Contains((await fixture.Client.ListProjectDatasetsAsync("sdk-lab")).Datasets, d => d.Name == "measurements.csv");
        var unnamed = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.SetDatasetVisibilityAsync("dora", "measurements.csv", DatasetVisibility.Project));
        Assert.Contains("visibility", unnamed.Errors.Keys);

        var hidden = await fixture.Client.SetDatasetVisibilityAsync("dora", "measurements.csv", DatasetVisibility.Private);
        Assert.Equal((DatasetVisibility.Private, (string?)null), (hidden.Visibility, hidden.Project));
        await fixture.Client.DeleteDatasetAsync("dora", "measurements.csv");
        var gone = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.GetDatasetAsync("dora", "measurements.csv"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Sdk_RefusesABadName_BeforeSendingAnything()
    {
        using var content = new MemoryStream([1, 2, 3]);
        var refused = await Assert.ThrowsAsync<JobHubValidationException>(() => fixture.Client.UploadDatasetAsync(content, "../escape"));
        Assert.Contains("name", refused.Errors.Keys);
        Assert.Equal(0, content.Position);
    }

    [Fact]
    public async Task Cli_UploadsShowsListsDownloadsAndDeletes()
    {
        var path = WriteFile("table.bin", 300_000, seed: 2);
        var upload = await Cli("datasets", "upload", path, "--name", "cli-table", "--public");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Contains("dora/cli-table", upload.Out, StringComparison.Ordinal);
        Assert.Contains(Sha256(path), upload.Out, StringComparison.Ordinal);

        var info = await Cli("datasets", "info", "cli-table");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("visibility: public", info.Out, StringComparison.Ordinal);
        Assert.Contains("size:       300000 bytes", info.Out, StringComparison.Ordinal);

        var list = await Cli("datasets", "list");
        Assert.Contains("dora/cli-table", list.Out, StringComparison.Ordinal);

        var target = Path.Combine(_folder, "back.bin");
        var download = await Cli("datasets", "download", "dora/cli-table", "-o", target);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(Sha256(path), Sha256(target));

        await fixture.Client.CreateProjectAsync("cli-lab");
        var share = await Cli("datasets", "visibility", "cli-table", "project:cli-lab");
        Assert.True(share.ExitCode == 0, share.ToString());
        Assert.Contains("project:cli-lab", share.Out, StringComparison.Ordinal);
        var projectList = await Cli("datasets", "list", "--project", "cli-lab");
        Assert.Contains("dora/cli-table", projectList.Out, StringComparison.Ordinal);
        var both = await Cli("datasets", "list", "--project", "cli-lab", "--public");
        Assert.Equal(2, both.ExitCode);

        var hide = await Cli("datasets", "visibility", "cli-table", "private");
        Assert.Contains("private", hide.Out, StringComparison.Ordinal);
        var delete = await Cli("datasets", "delete", "cli-table");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var missing = await Cli("datasets", "info", "cli-table");
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("no dataset", missing.Error, StringComparison.Ordinal);

        var bad = await Cli("datasets", "upload", path, "--name", "a/b");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'/'", bad.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<CliRun> Cli(params string[] arguments) => CliRun.RunAsync(fixture.Url, [.. arguments, "--token", fixture.Token], timeout: TimeSpan.FromSeconds(60));

    private string WriteFile(string name, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SyncProgress(List<DatasetTransferProgress> reports) : IProgress<DatasetTransferProgress>
    {
        public void Report(DatasetTransferProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
