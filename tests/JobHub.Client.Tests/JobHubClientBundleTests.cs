using System.Net;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;

namespace JobHub.Client.Tests;

/// <summary>The SDK's code bundle calls against a real silo process.</summary>
public sealed class JobHubClientBundleTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-sdk-bundle-").FullName;

    [Fact]
    public async Task SubmitWithBundleFolder_RunsTheEntryScriptFromTheUnpackedFolder()
    {
        // Not executable: the node runs it with /bin/sh.
        await File.WriteAllTextAsync(Path.Combine(_folder, "main.sh"), "cat greeting.txt; printf '{\"ok\": true}' > \"$JOBHUB_RESULTS_SUMMARY_FILE\"\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "greeting.txt"), "hello from the sdk bundle\n");
        var reports = new List<CodeBundleUploadProgress>();
        var spec = SiloFixture.Shell("unused", name: "sdk-bundle") with { Command = null, Arguments = [], EntryScript = "main.sh" };

        var submitted = await fixture.Client.SubmitAsync(spec, _folder, new SynchronousProgress(reports.Add));
        var done = await fixture.Client.WaitForCompletionAsync(submitted.JobId);

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal("{\"ok\": true}", done.Summary?.Content);
        Assert.NotNull(submitted.Spec.CodeBundleId);
        var bundle = await fixture.Client.GetBundleAsync(submitted.Spec.CodeBundleId);
        Assert.Equal(2, bundle.Files);
        Assert.Equal(bundle.SizeBytes, reports[^1].BytesSent);
        Assert.Equal(bundle.SizeBytes, reports[^1].TotalBytes);
        var logs = await fixture.Client.ReadLogsAsync(submitted.JobId);
        Assert.Contains(logs.Entries, e => e.Text == "hello from the sdk bundle");
    }

    [Fact]
    public async Task UploadBundle_GarbageStream_RaisesApiException400()
    {
        using var garbage = new MemoryStream("no archive here"u8.ToArray());

        var error = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.UploadBundleAsync(garbage));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("not a valid tar.gz", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBundle_Unknown_RaisesApiException404()
    {
        var error = await Assert.ThrowsAsync<JobHubApiException>(() => fixture.Client.GetBundleAsync("bundle-0000000000000000"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SynchronousProgress(Action<CodeBundleUploadProgress> report) : IProgress<CodeBundleUploadProgress>
    {
        public void Report(CodeBundleUploadProgress value) => report(value);
    }
}
