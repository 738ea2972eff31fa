using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;

namespace JobHub.Client.Tests;

/// <summary>The SDK against a real silo process: reading and following logs, downloading results.</summary>
public sealed class JobHubClientLogsAndResultsTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private const string WritesResults = """
        mkdir -p "$JOBHUB_RESULTS_UPLOAD_DIR/plots"
        echo 'total 42' > "$JOBHUB_RESULTS_UPLOAD_DIR/answer.txt"
        echo 'a,b' > "$JOBHUB_RESULTS_UPLOAD_DIR/plots/data with space.csv"
        echo '{"answer": 42}' > "$JOBHUB_RESULTS_SUMMARY_FILE"
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-client-results-").FullName;

    private JobHubClient Client => fixture.Client;

    [Fact]
    public async Task FollowLogsAsync_RunningJob_YieldsEveryLineInOrderAndEndsWithTheJob()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("for i in $(seq 1 20); do echo line $i; sleep 0.05; done; echo done >&2"));

        var lines = new List<JobLogEntry>();
        await foreach (var entry in Client.FollowLogsAsync(submitted.JobId))
        {
            lines.Add(entry);
        }

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"line {i}"), lines.Where(l => l.Stream == JobLogStream.StandardOutput).Select(l => l.Text));
        Assert.Contains(lines, l => l.Stream == JobLogStream.StandardError && l.Text == "done");
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), lines.Select(l => l.Sequence));
        Assert.True((await Client.GetAsync(submitted.JobId)).State.IsTerminal(), "the stream should end only once the job has ended");
    }

    [Fact]
    public async Task FollowLogsAsync_AfterASequence_ResumesThere()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("echo one; echo two; echo three"));
        await Client.WaitForCompletionAsync(submitted.JobId);

        var lines = new List<string>();
        await foreach (var entry in Client.FollowLogsAsync(submitted.JobId, after: 1))
        {
            lines.Add(entry.Text);
        }

        Assert.Equal(["two", "three"], lines);
    }

    [Fact]
    public async Task ReadLogsAsync_PagesAndTails()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("for i in 1 2 3 4 5; do echo $i; done"));
        await Client.WaitForCompletionAsync(submitted.JobId);

        var first = await Client.ReadLogsAsync(submitted.JobId, limit: 2);
        var rest = await Client.ReadLogsAsync(submitted.JobId, after: first.NextAfter);
        var tail = await Client.TailLogsAsync(submitted.JobId, 2);

        Assert.Equal(["1", "2"], first.Entries.Select(e => e.Text));
        Assert.Equal(["3", "4", "5"], rest.Entries.Select(e => e.Text));
        Assert.Equal(["4", "5"], tail.Entries.Select(e => e.Text));
        Assert.Equal(0, first.Entries[0].WorkerIndex);
        Assert.EndsWith("/master", first.Entries[0].Process, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadResults_CompletedJob_GivesTheUploadedFilesAsFolderArchiveAndSingleFile()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell(WritesResults));
        var done = await Client.WaitForCompletionAsync(submitted.JobId);
        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal("{\"answer\": 42}", done.Summary?.Content.Trim());

        var written = await Client.DownloadResultsAsync(submitted.JobId, _folder);
        Assert.Equal(["answer.txt", "plots/data with space.csv"], written.Order(StringComparer.Ordinal));
        Assert.Equal("total 42\n", await File.ReadAllTextAsync(Path.Combine(_folder, "answer.txt")));
        Assert.Equal("a,b\n", await File.ReadAllTextAsync(Path.Combine(_folder, "plots", "data with space.csv")));

        using var archive = new MemoryStream();
        await Client.DownloadResultsAsync(submitted.JobId, archive);
        archive.Position = 0;
        await using var reader = new TarReader(new GZipStream(archive, CompressionMode.Decompress));
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(["answer.txt", "plots/data with space.csv"], names.Order(StringComparer.Ordinal));

        using var one = new MemoryStream();
        await Client.DownloadResultFileAsync(submitted.JobId, "plots/data with space.csv", one);
        Assert.Equal("a,b\n", Encoding.UTF8.GetString(one.ToArray()));
    }

    [Fact]
    public async Task DownloadResultFileAsync_UnknownFile_ThrowsNotFound()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell(WritesResults));
        await Client.WaitForCompletionAsync(submitted.JobId);

        var missing = await Assert.ThrowsAsync<JobHubApiException>(() => Client.DownloadResultFileAsync(submitted.JobId, "nope.txt", Stream.Null));

        Assert.True(missing.IsNotFound);
        Assert.Contains("nope.txt", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadResultsAsync_JobWithoutResultFiles_WritesNothing()
    {
        var submitted = await Client.SubmitAsync(SiloFixture.Shell("true"));
        await Client.WaitForCompletionAsync(submitted.JobId);

        var written = await Client.DownloadResultsAsync(submitted.JobId, _folder);

        Assert.Empty(written);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
