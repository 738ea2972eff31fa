using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using JobHub.Agent.Hosting;
using JobHub.Agent.Results;
using JobHub.Agent.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JobHub.Agent.Tests.Results;

public sealed class ResultsUploaderTests : IDisposable
{
    private const string Prefix = "jobs/job-1/results";
    private readonly TempFolder _folder = new();
    private readonly FileSystemBlobStore _store;
    private readonly ResultsUploader _uploader;
    private readonly string _upload;

    public ResultsUploaderTests()
    {
        _store = new FileSystemBlobStore(_folder.Combine("blobs"));
        _uploader = new ResultsUploader(_store, Options.Create(new LocalNodeAgentOptions()), NullLogger<ResultsUploader>.Instance);
        _upload = _folder.Combine("upload");
        Directory.CreateDirectory(_upload);
    }

    public void Dispose() => _folder.Dispose();

    private static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public async Task Upload_UnderTheLimitStoresEveryFileWithSizeAndHash()
    {
        _folder.WriteFile("upload/model.bin", "weights");
        _folder.WriteFile("upload/plots/loss.csv", "1,0.5\n2,0.25\n");
        _folder.WriteFile("upload/.hidden", "h");

        var outcome = await _uploader.UploadAsync(_upload, Prefix);

        Assert.True(outcome.Accepted, outcome.RefusalReason);
        Assert.Equal(
            [
                new StoredResultFile(".hidden", 1, Sha256("h")),
                new StoredResultFile("model.bin", 7, Sha256("weights")),
                new StoredResultFile("plots/loss.csv", 13, Sha256("1,0.5\n2,0.25\n")),
            ],
            outcome.Files);
        Assert.Equal(21, outcome.TotalBytes);
        Assert.Equal(
            [$"{Prefix}/.hidden", $"{Prefix}/model.bin", $"{Prefix}/plots/loss.csv"],
            (await _store.ListAsync(Prefix)).Select(blob => blob.Key));
    }

    [Fact]
    public async Task Upload_OverTheLimitStoresNothingAndSaysWhy()
    {
        _folder.WriteFile("upload/a.txt", new string('a', 60));
        _folder.WriteFile("upload/b.txt", new string('b', 60));

        var outcome = await _uploader.UploadAsync(_upload, Prefix, limitBytes: 100);

        Assert.False(outcome.Accepted);
        Assert.Empty(outcome.Files);
        Assert.Equal(120, outcome.TotalBytes);
        Assert.Contains("over the limit of 100 bytes", outcome.RefusalReason, StringComparison.Ordinal);
        Assert.Empty(await _store.ListAsync(Prefix));
    }

    [Fact]
    public async Task Upload_RefusedUploadAlsoRemovesAnEarlierAttempt()
    {
        _folder.WriteFile("upload/a.txt", "small");
        Assert.True((await _uploader.UploadAsync(_upload, Prefix)).Accepted);
        _folder.WriteFile("upload/big.txt", new string('x', 500));

        var outcome = await _uploader.UploadAsync(_upload, Prefix, limitBytes: 100);

        Assert.False(outcome.Accepted);
        Assert.Empty(await _store.ListAsync(Prefix));
    }

    [Fact]
    public async Task Upload_SymlinkEscapingTheFolderIsRejectedAndNothingStored()
    {
        var secret = _folder.WriteFile("outside/secret.txt", "secret");
        _folder.WriteFile("upload/ok.txt", "ok");
        Directory.CreateDirectory(Path.Combine(_upload, "sub"));
        File.CreateSymbolicLink(Path.Combine(_upload, "sub", "leak.txt"), "../../outside/secret.txt");

        var outcome = await _uploader.UploadAsync(_upload, Prefix);

        Assert.False(outcome.Accepted);
        Assert.Contains("sub/leak.txt", outcome.RefusalReason, StringComparison.Ordinal);
        Assert.Contains("outside the upload folder", outcome.RefusalReason, StringComparison.Ordinal);
        Assert.Empty(await _store.ListAsync(Prefix));
        Assert.True(File.Exists(secret));
    }

    [Fact]
    public async Task Upload_SymlinkToAFolderOutsideIsRejected()
    {
        _folder.WriteFile("outside/secret.txt", "secret");
        Directory.CreateSymbolicLink(Path.Combine(_upload, "linked"), _folder.Combine("outside"));

        var outcome = await _uploader.UploadAsync(_upload, Prefix);

        Assert.False(outcome.Accepted);
        Assert.Empty(await _store.ListAsync(Prefix));
    }

    [Fact]
    public async Task Upload_SymlinkInsideTheFolderIsStoredAsItsTarget()
    {
        _folder.WriteFile("upload/data/real.txt", "real");
        File.CreateSymbolicLink(Path.Combine(_upload, "alias.txt"), "data/real.txt");

        var outcome = await _uploader.UploadAsync(_upload, Prefix);

        Assert.True(outcome.Accepted, outcome.RefusalReason);
        Assert.Equal(["alias.txt", "data/real.txt"], outcome.Files.Select(file => file.RelativePath));
        Assert.All(outcome.Files, file => Assert.Equal(Sha256("real"), file.Sha256));
    }

    [Fact]
    public async Task Upload_MissingFolderStoresNothingAndIsAccepted()
    {
        var outcome = await _uploader.UploadAsync(_folder.Combine("no-such-folder"), Prefix);

        Assert.True(outcome.Accepted);
        Assert.Empty(outcome.Files);
    }

    [Fact]
    public async Task Download_ArchiveHoldsEveryStoredFile()
    {
        _folder.WriteFile("upload/a.txt", "alpha");
        _folder.WriteFile("upload/deep/b.txt", "beta");
        Assert.True((await _uploader.UploadAsync(_upload, Prefix)).Accepted);

        using var archive = new MemoryStream();
        await ResultsDownload.WriteArchiveAsync(_store, Prefix, archive);
        archive.Position = 0;

        var entries = new Dictionary<string, string>();
        await using (var gzip = new GZipStream(archive, CompressionMode.Decompress))
        await using (var reader = new TarReader(gzip))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                using var text = new StreamReader(entry.DataStream!);
                entries[entry.Name] = await text.ReadToEndAsync();
            }
        }

        Assert.Equal(new Dictionary<string, string> { ["a.txt"] = "alpha", ["deep/b.txt"] = "beta" }, entries);
    }

    [Fact]
    public async Task Download_NoFiles_IsAValidEmptyArchive()
    {
        Assert.True((await _uploader.UploadAsync(_upload, Prefix)).Accepted);

        using var archive = new MemoryStream();
        await ResultsDownload.WriteArchiveAsync(_store, Prefix, archive);
        archive.Position = 0;

        await using var gzip = new GZipStream(archive, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        Assert.Null(await reader.GetNextEntryAsync());
        Assert.True(archive.Length > 0);
    }

    [Fact]
    public async Task Download_SingleFileStreamsItsContent()
    {
        _folder.WriteFile("upload/deep/b.txt", "beta");
        Assert.True((await _uploader.UploadAsync(_upload, Prefix)).Accepted);

        await using var stream = await ResultsDownload.OpenFileAsync(_store, Prefix, "deep/b.txt");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        Assert.Equal("beta", await reader.ReadToEndAsync());
        Assert.Null(await ResultsDownload.OpenFileAsync(_store, Prefix, "missing.txt"));
        await Assert.ThrowsAsync<ArgumentException>(() => ResultsDownload.OpenFileAsync(_store, Prefix, "../job-2/results/x"));
    }
}
